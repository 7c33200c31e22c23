import Foundation
import History

/// The execution page's parts that repeat once per operation — each module's operations with
/// their JSON, and the timeline — written with ``HTMLText`` rather than through the template: an
/// execution of 1,000 operations is 1,000 sections and 1,000 rows (docs/benchmarks.md, "Console
/// execution page"). The template places the result as it is (`{{{…}}}`); every value from the
/// record is escaped here.
extension ExecutionPage {
  /// A `<section class="module">` per module, in the order of module ids, each holding its
  /// operations as collapsible `<details>`.
  static func renderModules(_ operations: [OperationRecord]) -> String {
    let byModule = Dictionary(grouping: operations, by: \.moduleID)
    var html = HTMLText(capacity: 4096 + operations.count * 2048)
    for moduleID in byModule.keys.sorted() {
      let operations = byModule[moduleID] ?? []
      html.markup("<section class=\"module\" id=\"module-")
      html.number(moduleID)
      html.markup("\">\n<h3>Module ")
      html.number(moduleID)
      html.markup(" · ")
      html.text(operations.first?.moduleName ?? "")
      html.markup(" <span class=\"count\">")
      html.number(operations.count)
      html.markup(" operation(s)</span></h3>\n")
      for operation in operations { write(operation, to: &html) }
      html.markup("</section>\n")
    }
    return html.string
  }

  private static func write(_ operation: OperationRecord, to html: inout HTMLText) {
    html.markup(operation.error == nil ? "<details class=\"operation\"" : "<details class=\"operation failed\"")
    html.markup(" data-sequence=\"")
    html.number(operation.sequence)
    html.markup("\">\n<summary>#")
    html.number(operation.sequence)
    html.markup(" · ")
    html.text(PageText.duration(operation.duration))
    if operation.isFiltered { html.markup(" · stopped by filter") }
    if let error = operation.error {
      html.markup(" · ")
      write(error, to: &html)
    }
    html.markup("</summary>\n")
    if let error = operation.error {
      html.markup("<p class=\"error\">")
      write(error, to: &html)
      if let location = error.location {
        html.markup(" <span class=\"location\">at ")
        html.text(location)
        html.markup("</span>")
      }
      html.markup("</p>\n")
    }
    let bundles: [(StaticString, Data?)] = [
      ("Input", operation.input), ("Output", operation.output), ("HTTP exchanges", operation.exchanges),
    ]
    for (title, bundle) in bundles {
      guard let json = PageText.json(bundle) else { continue }
      html.markup("<details><summary>")
      html.markup(title)
      html.markup("</summary><pre class=\"json\">")
      html.text(json)
      html.markup("</pre></details>\n")
    }
    html.markup("</details>\n")
  }

  /// `Type: message`.
  private static func write(_ error: ErrorRecord, to html: inout HTMLText) {
    html.text(error.type)
    html.markup(": ")
    html.text(error.message)
  }

  /// A table row per operation, one after another, each bar as long as its share of the total time.
  static func renderTimeline(_ operations: [OperationRecord]) -> String {
    let total = max(1, operations.reduce(Int64(0)) { $0 + $1.durationMicroseconds })
    let width = Int64(timelineWidth)
    var elapsed: Int64 = 0
    var html = HTMLText(capacity: operations.count * 256)
    for operation in operations {
      let micros = operation.durationMicroseconds
      html.markup(operation.error == nil ? "<tr>" : "<tr class=\"failed\">")
      html.markup("<td class=\"number\">")
      html.number(operation.sequence)
      html.markup("</td><td>")
      html.number(operation.moduleID)
      html.markup(" · ")
      html.text(operation.moduleName)
      html.markup("</td><td class=\"number\">")
      html.text(PageText.duration(operation.duration))
      html.markup("</td>\n<td><svg class=\"bar\" width=\"")
      html.number(timelineWidth)
      html.markup("\" height=\"10\"><rect x=\"")
      html.number(Int(elapsed * width / total))
      html.markup("\" y=\"0\" width=\"")
      html.number(max(1, Int(micros * width / total)))
      html.markup("\" height=\"10\"/></svg></td></tr>\n")
      elapsed += micros
    }
    return html.string
  }
}
