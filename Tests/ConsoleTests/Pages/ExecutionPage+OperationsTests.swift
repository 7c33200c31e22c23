import Foundation
import History
import Testing

@testable import Console

/// The operations and the timeline, written without the template: the same markup, every value
/// from the record escaped.
@Suite struct ExecutionPageOperationsTests {
  private static let hostile = #"<script>document.title='owned'</script><img src=x onerror="document.title='owned'">"#

  @Test func anOperationIsWrittenWithItsJSONIndentedAndEscaped() {
    let operation = OperationRecord(
      sequence: 3, moduleID: 7, moduleName: "sonar.sendMessage",
      input: Data(#"{"text":"a<b & c"}"#.utf8), output: Data("not json <b>".utf8),
      error: ErrorRecord(type: "RateLimitError", message: "slow <down>", moduleID: 7, location: "f.yaml:9:5"),
      duration: .microseconds(750))
    let html = ExecutionPage.renderModules([operation])
    #expect(
      html == """
        <section class="module" id="module-7">
        <h3>Module 7 · sonar.sendMessage <span class="count">1 operation(s)</span></h3>
        <details class="operation failed" data-sequence="3">
        <summary>#3 · 750 µs · RateLimitError: slow &lt;down&gt;</summary>
        <p class="error">RateLimitError: slow &lt;down&gt; <span class="location">at f.yaml:9:5</span></p>
        <details><summary>Input</summary><pre class="json">{
          "text": "a&lt;b &amp; c"
        }</pre></details>
        <details><summary>Output</summary><pre class="json">not json &lt;b&gt;</pre></details>
        </details>
        </section>

        """)
  }

  @Test func modulesAreInTheOrderOfTheirIdsWithTheirOperationsInOrder() {
    let operations = [(1, 5), (2, 3), (3, 5), (4, 3), (5, 4)].map { sequence, module in
      OperationRecord(sequence: sequence, moduleID: module, moduleName: "util.setVariable", duration: .milliseconds(2))
    }
    let html = ExecutionPage.renderModules(operations)
    let modules = html.components(separatedBy: #"id="module-"#).dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(modules == ["3", "4", "5"])
    let sequences = html.components(separatedBy: #"data-sequence=""#).dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(sequences == ["2", "4", "5", "1", "3"])
    #expect(html.contains(#"<span class="count">2 operation(s)</span>"#))
  }

  /// Every text of an operation can come from a webhook: none of it reaches the page as markup.
  @Test func everyValueOfAnOperationIsEscaped() {
    let operation = OperationRecord(
      sequence: 1, moduleID: 2, moduleName: Self.hostile,
      input: Data(#"{"text":"\#(Self.hostile.replacingOccurrences(of: "\"", with: "\\\""))"}"#.utf8),
      output: Data(Self.hostile.utf8),
      error: ErrorRecord(type: Self.hostile, message: Self.hostile, moduleID: 2, location: Self.hostile),
      isFiltered: true, duration: .milliseconds(1500),
      exchanges: Data(#"[{"\#(Self.hostile.replacingOccurrences(of: "\"", with: "\\\""))":1}]"#.utf8))
    for html in [ExecutionPage.renderModules([operation]), ExecutionPage.renderTimeline([operation])] {
      #expect(!html.contains("<script"), "\(html)")
      #expect(!html.contains("<img"), "\(html)")
      #expect(html.contains("&lt;script&gt;document.title='owned'&lt;/script&gt;&lt;img src=x"))
    }
    // The module's name, the error's type and message twice (summary and paragraph), its
    // location, the output that is not JSON, and inside the input's and the exchanges' JSON.
    let modules = ExecutionPage.renderModules([operation])
    #expect(modules.components(separatedBy: "&lt;script&gt;").count - 1 == 9)
    #expect(modules.contains(#"onerror=\"document.title='owned'\"&gt;"#))
    #expect(modules.contains("#1 · 1.50 s · stopped by filter · &lt;script&gt;"))
  }

  @Test func timelineBarsShareTheWidthByDuration() {
    let operations = [(1, 100), (2, 300)].map { sequence, micros in
      OperationRecord(
        sequence: sequence, moduleID: 2, moduleName: "http.request",
        error: sequence == 2 ? ErrorRecord(type: "E", message: "m", moduleID: 2) : nil,
        duration: .microseconds(micros))
    }
    #expect(
      ExecutionPage.renderTimeline(operations) == """
        <tr><td class="number">1</td><td>2 · http.request</td><td class="number">100 µs</td>
        <td><svg class="bar" width="400" height="10"><rect x="0" y="0" width="100" height="10"/></svg></td></tr>
        <tr class="failed"><td class="number">2</td><td>2 · http.request</td><td class="number">300 µs</td>
        <td><svg class="bar" width="400" height="10"><rect x="100" y="0" width="300" height="10"/></svg></td></tr>

        """)
  }
}
