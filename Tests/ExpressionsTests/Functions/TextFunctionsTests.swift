import Testing

@testable import Expressions

@Suite struct TextFunctionsTests {
  @Test(arguments: [
    (
      "{{length(😀👍🏽)}} {{length(e\u{301})}} {{length(1.missing)}} {{length(1.user)}} {{length(toBinary(žluť))}}",
      "2 1 0 4 6"
    ),
    ("{{lower(1.missing)}}|{{upper(1.missing)}}|{{trim(1.missing)}}|", "|||"),
    ("{{upper(ǆemal)}} {{lower(İ)}} {{capitalize(élan)}}", "ǄEMAL i̇ Élan"),
    ("{{substring(žluťoučký; 2; 5)}} {{substring(😀ab; 1; 2)}} {{substring(abc; 5; 9)}}|", "uťo a |"),
    ("{{substring(abc; -5; -1)}}|{{substring(abc; 2; 2)}}|{{substring(1.missing; 0; 1)}}|", "|||"),
    (
      "{{indexOf(žluťoučký kůň; ů)}} {{indexOf(abc; \"\")}} {{indexOf(abc; c; -5)}} {{indexOf(abc; c; 99)}}",
      "11 0 2 -1"
    ),
    ("{{contains(1.missing; x)}} {{contains(abc; \"\")}} {{contains(Hello; hello)}}", "false true false"),
    ("{{contains(1.items; 2)}} {{contains(1.items; \"2\")}} {{contains(split(a,b; ,); A)}}", "true true false"),
    (
      "{{toString(split(a,,b; ,))}} {{toString(split(abc; emptystring))}} {{toString(split(a; ,))}}",
      #"["a","","b"] ["a","b","c"] ["a"]"#
    ),
    ("{{replace(aaa; a; b)}} {{replace(a.b.c; .; -)}} {{replace(abc; \"\"; x)}}", "bbb a-b-c abc"),
    (
      "{{replace(Hello hello; /hello/i; X)}} {{replace(Hello hello; /hello/gi; X)}} {{replace(a1b22; /\\d/g; <$&>)}}",
      "X hello X X a<1>b<2><2>"
    ),
    (
      "{{replace(John Smith; /(\\w+)\\s(\\w+)/; $2, $1)}} {{replace(x; /x/; $$)}} {{replace(ab; /b/; [$`|$'])}}",
      "Smith, John $ a[a|]"
    ),
    ("{{replace(1.missing; a; b)}}|", "|"),
    ("{{encodeURL(ž&=?/ ~)}} {{decodeURL(%C5%BE%20)}}| {{decodeURL(%E0%A4%A)}}", "%C5%BE%26%3D%3F%2F%20~ ž | %E0%A4%A"),
    (
      "{{escapeHTML(\"\\\"'<>&\")}} {{stripHTML(<p class=\"x\">Hi <i>there</i></p>)}}",
      "&quot;&#39;&lt;&gt;&amp; Hi there"
    ),
    ("{{escapeJSON(tab + \"\\\\\" + newline)}}", "\\t\\\\\\n"),
    ("{{escapeMarkdown(*bold* _it_ [l](u))}}", "&#42;bold&#42; &#95;it&#95; &#91;l&#93;&#40;u&#41;"),
    ("{{ascii(Straße Ærø 😀; true)}} {{ascii(ñ)}}|", "Strasse AEro  |"),
    ("{{startcase(  hello   wORLD  )}}|{{capitalize(\"\")}}|", "Hello   World||"),
    ("{{replaceEmojiCharacters(a👍🏽b👨‍👩‍👧c#1; -)}}", "a-b-c#1"),
    ("{{base64(žluť)}} {{base64(\"\")}}| {{toString(toBinary(xbx1; base64))}}", "xb5sdcWl | żu"),
    ("{{md5(\"\")}} {{sha1(\"\")}}", "d41d8cd98f00b204e9800998ecf8427e da39a3ee5e6b4b0d3255bfef95601890afd80709"),
    ("{{sha256(\"\")}}", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    (
      "{{sha512(abc; base64)}}",
      "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="
    ),
    ("{{sha1(The quick brown fox jumps over the lazy dog; hex; key)}}", "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9"),
    (
      "{{sha256(message; hex; 6b6579; hex)}} {{sha256(message; hex; key)}}",
      "6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a 6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a"
    ),
    (
      "{{sha512(The quick brown fox jumps over the lazy dog; hex; key)}}",
      "b42af09057bac1e2d41708e48a902e09b5ff7f12ab428a4fe86653c73dd248fb82f948a549f7b791a5b41915ee4d1ec3935357e4e2317250d0372afa2ebeeb3a"
    ),
    ("{{md5(The quick brown fox jumps over the lazy dog)}}", "9e107d9d372bb6826bd81d3542a419d6"),
    ("{{length(md5(toBinary(00ff; hex)))}}", "32"),
    ("{{toString(1.user)}}", #"{"name":"Bob","email":"bob@example.com","password":"secret","age":22}"#),
    ("{{toString(1.missing)}}|{{toString(true)}}", "|true"),
  ])
  func text(template: String, expected: String) throws {
    #expect(try render(template) == expected)
  }

  @Test(arguments: [
    ("{{replace(x; /(?<name>x)/; y)}}", "expression.invalidRegex"),
    ("{{toBinary(zz; hex)}}", "expression.invalidValue"),
    ("{{toBinary(abc; rot13)}}", "expression.invalidValue"),
    ("{{sha256(a; octal)}}", "expression.invalidValue"),
    ("{{upper(1.user)}}", "expression.notText"),
  ])
  func errors(template: String, id: String) {
    #expect(evaluationError(template)?.id == id)
  }
}

@Suite struct ReplaceSpecializationTests {
  /// A literal regex is compiled with the template; a regex from data is compiled per call. Same results.
  @Test(arguments: [("/\\d+/g", "<$&>"), ("/(\\w)(\\w)/", "$2$1"), ("/A/gi", "-"), ("/x/", "$$")])
  func literalAndMappedPatternsAgree(pattern: String, replacement: String) throws {
    let bundle: Value = .collection(["s": "ab 12 cd 345 Aa", "re": .text(pattern), "with": .text(replacement)])
    let literal = try render("{{replace(2.s; \(pattern); 2.with)}}", modules: [2: bundle])
    let mapped = try render("{{replace(2.s; 2.re; 2.with)}}", modules: [2: bundle])
    #expect(literal == mapped)
    #expect(literal != "ab 12 cd 345 Aa" || pattern == "/x/")
  }
}
