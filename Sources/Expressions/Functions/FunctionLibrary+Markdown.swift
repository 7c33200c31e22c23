import Foundation

extension FunctionLibrary {
  /// `docs/functions.md`: every function by group with its signature, description and examples.
  /// Generated from the specs; `FunctionLibraryDocumentationTests` keeps the file in sync.
  package func markdownReference() -> String {
    var text = """
      # Mapping functions

      <!-- Generated from the FunctionSpecs in Sources/Expressions/Functions by
           FunctionLibrary.standard.markdownReference(). Do not edit by hand: run
           SONARFLOW_REGENERATE_DOCS=1 swift test --filter FunctionLibraryDocumentationTests -->

      Functions are called inside `{{ … }}` with `;` between arguments: `{{substring(1.note; 0; 20)}}`.
      Arguments in `[brackets]` are optional; `…` takes any number of further values. Examples are
      evaluated in UTC with module 1's output being:

      ```json
      \(FunctionSpec.Example.bundle.jsonText(prettyPrinted: false))
      ```

      See [expressions.md](expressions.md) for the language itself.


      """
    let groupCounts = FunctionSpec.Group.allCases.map { group in "\(group.rawValue) \(specs(in: group).count)" }
    text +=
      "\(specs.count) functions (\(groupCounts.joined(separator: ", ")); `length` and `contains` appear in two groups).\n"
    for group in FunctionSpec.Group.allCases {
      text += "\n## \(group.rawValue.prefix(1).uppercased() + group.rawValue.dropFirst()) functions\n\n"
      text += "| Function | Returns | Description |\n| --- | --- | --- |\n"
      for spec in specs(in: group) {
        let anchor = spec.name.lowercased()
        text += "| [`\(spec.name)`](#\(anchor)) | \(spec.result.rawValue) | \(escape(spec.summary)) |\n"
      }
      for spec in specs(in: group) where spec.groups.first == group {
        text += "\n### \(spec.name)\n\n"
        text += "`\(spec.signature)` → \(spec.result.rawValue)\n\n"
        text += spec.summary + "\n"
        if !spec.aliases.isEmpty {
          text += "\nAlso spelled: " + spec.aliases.map { "`\($0)`" }.joined(separator: ", ") + ".\n"
        }
        if spec.groups.count > 1 {
          text += "\nListed under: " + spec.groups.map(\.rawValue).joined(separator: ", ") + ".\n"
        }
        if !spec.examples.isEmpty {
          text += "\n| Template | Result |\n| --- | --- |\n"
          for example in spec.examples {
            text +=
              "| `\(escape(example.template))` | \(example.result.isEmpty ? "*(empty)*" : "`\(escape(example.result))`") |\n"
          }
        }
      }
    }
    return text
  }

  private func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
