import Foundation

/// Reads a data structure file (`NAME.datastore.yaml`):
///
/// ```yaml
/// name: auto-replies
/// maxSize: 1048576          # optional: bytes of keys and fields
/// fields: { day: date, count: number }
/// ```
package enum DataStructureParser {
  package struct Output: Sendable {
    package var structure: DataStructure?
    package var diagnostics: [Diagnostic]
  }

  package static func parse(contentsOf path: String) -> Output {
    guard let data = FileManager.default.contents(atPath: path) else {
      return Output(
        structure: nil,
        diagnostics: [
          Diagnostic(
            id: "datastore.unreadableFile", location: SourceLocation(file: path, line: 1, column: 1),
            message: "cannot read file")
        ])
    }
    switch YAMLReader.text(of: data, path: path) {
    case .failure(let diagnostic): return Output(structure: nil, diagnostics: [diagnostic])
    case .success(let text): return parse(SourceFile(path: path, text: text))
    }
  }

  package static func parse(_ source: SourceFile) -> Output {
    let root: YAMLNode
    switch YAMLReader.read(source) {
    case .failure(let diagnostic): return Output(structure: nil, diagnostics: [diagnostic])
    case .success(let node): root = node
    }
    var diagnostics: [Diagnostic] = []
    func wrong(_ what: String, _ node: YAMLNode, expected: String) {
      diagnostics.append(
        Diagnostic(
          id: "datastore.wrongType", location: node.location,
          message: "\(what) must be \(expected), not \(node.kindDescription)"))
    }
    guard let top = root.mapping else {
      wrong("a data structure", root, expected: "a mapping with 'name' and 'fields'")
      return Output(structure: nil, diagnostics: diagnostics)
    }
    for entry in top.entries where !["name", "fields", "maxSize"].contains(entry.key.value) {
      diagnostics.append(
        Diagnostic(
          id: "datastore.unknownKey", location: entry.key.location,
          message: "unknown key '\(entry.key.value)' in a data structure",
          fixHint: Suggestion.didYouMean(entry.key.value, in: ["name", "fields", "maxSize"])
            ?? "Keys: name, fields, maxSize."))
    }
    var name: String?
    if let node = top["name"] {
      if let scalar = node.scalar, scalar.resolved == .string, !scalar.value.isEmpty {
        name = scalar.value
      } else {
        wrong("'name'", node, expected: "the store's name")
      }
    } else {
      diagnostics.append(
        Diagnostic(
          id: "datastore.missingName", location: top.location, message: "missing 'name' in a data structure",
          fixHint: "Add 'name: <the store>', the name modules give in params.store."))
    }
    var maxBytes: Int?
    if let node = top["maxSize"] {
      if let scalar = node.scalar, case .int(let bytes) = scalar.resolved, bytes > 0 {
        maxBytes = bytes
      } else {
        wrong("'maxSize'", node, expected: "a whole number of bytes above 0")
      }
    }
    var fields: [DataStructure.Field] = []
    if let node = top["fields"] {
      if let mapping = node.mapping {
        for entry in mapping.entries {
          let types = DataStructure.FieldType.allCases.map(\.rawValue)
          guard let scalar = entry.value.scalar, let type = DataStructure.FieldType(rawValue: scalar.value) else {
            diagnostics.append(
              Diagnostic(
                id: "datastore.unknownFieldType", location: entry.value.location,
                message: "field '\(entry.key.value)' must have a type: \(types.joined(separator: ", "))",
                fixHint: entry.value.scalar.flatMap { Suggestion.didYouMean($0.value, in: types) }))
            continue
          }
          fields.append(DataStructure.Field(name: entry.key.value, type: type, location: entry.key.location))
        }
      } else {
        wrong("'fields'", node, expected: "a mapping of field names to types")
      }
    }
    guard let name, diagnostics.isEmpty else { return Output(structure: nil, diagnostics: diagnostics) }
    return Output(
      structure: DataStructure(name: name, fields: fields, maxBytes: maxBytes, location: top.location),
      diagnostics: diagnostics)
  }
}
