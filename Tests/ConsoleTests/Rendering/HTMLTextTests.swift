import Testing

@testable import Console

/// Data is escaped for where it stands; markup is written as it is.
@Suite struct HTMLTextTests {
  @Test(arguments: [
    ("plain text", "plain text"),
    ("<script>alert('x')</script>", "&lt;script&gt;alert('x')&lt;/script&gt;"),
    (#"<img src=x onerror="a()">"#, #"&lt;img src=x onerror="a()"&gt;"#),
    ("fish & chips &amp;", "fish &amp; chips &amp;amp;"),
    ("héllo ✓ 😀 <", "héllo ✓ 😀 &lt;"),
    ("", ""),
  ])
  func textEscapesWhatEndsText(value: String, expected: String) {
    var html = HTMLText()
    html.text(value)
    #expect(html.string == expected)
  }

  @Test(arguments: [
    (#"" onmouseover="a()"#, "&quot; onmouseover=&quot;a()"),
    ("' onfocus='a()' <b>&", "&#39; onfocus=&#39;a()&#39; &lt;b&gt;&amp;"),
    ("module-7", "module-7"),
  ])
  func attributeEscapesQuotesToo(value: String, expected: String) {
    var html = HTMLText()
    html.attribute(value)
    #expect(html.string == expected)
  }

  @Test func markupAndNumbersAreWrittenAsTheyAre() {
    var html = HTMLText()
    html.markup("<td class=\"number\">")
    html.number(-42)
    html.markup("</td>")
    html.text("<")
    #expect(html.string == #"<td class="number">-42</td>&lt;"#)
  }
}
