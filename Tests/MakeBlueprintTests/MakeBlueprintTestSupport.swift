import Basics
import Foundation
import MakeBlueprint
import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// Import, validate and export one blueprint text, for the tests of this target.
struct RoundTrip {
  let original: JSONObject
  let imported: MakeImport
  let validation: Validator.Report
  let exported: JSONObject

  init(_ text: String, path: String = "imported.yaml") throws {
    let root = try JSONParser.parse(text, options: .verbatim)
    original = try #require(Self.bare(root))
    imported = try BlueprintImporter.convert(text)
    let source = SourceFile(path: path, text: imported.yaml)
    validation = Validator().validate(source)
    let output = BlueprintExporter.convert(source)
    #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.message))")
    exported = try #require(output.blueprint?.objectValue)
  }

  /// The blueprint inside any of Make's wrappers.
  static func bare(_ root: JSONValue) -> JSONObject? {
    guard case .object(let object) = root else { return nil }
    if object["flow"] != nil { return object }
    if case .object(let response)? = object["response"], let inner = response["blueprint"] { return bare(inner) }
    if let inner = object["blueprint"] {
      if case .string(let text) = inner { return (try? JSONParser.parse(text, options: .verbatim)).flatMap(bare) }
      return bare(inner)
    }
    return nil
  }

  var errors: [Diagnostic] { validation.diagnostics.filter { $0.severity == .error } }
}

/// Every module id in a blueprint's tree: flow, routes, error routes, and the nested flows of
/// modules sonarflow keeps whole (If-Else branches, AI agent tools).
func moduleIDs(_ value: JSONValue) -> [Int] {
  var ids: [Int] = []
  func visit(_ flow: JSONValue?) {
    for item in flow?.arrayValue ?? [] {
      guard case .object(let module) = item else { continue }
      switch module["id"] {
      case .numberText(let text)?: ids.append(Int(text) ?? -1)
      case .int(let number)?: ids.append(number)
      default: break
      }
      for route in module["routes"]?.arrayValue ?? [] { visit(route.objectValue?["flow"]) }
      visit(module["onerror"])
      for branch in module["branches"]?.arrayValue ?? [] { visit(branch.objectValue?["flow"]) }
      for tool in module["tools"]?.arrayValue ?? [] { visit(tool.objectValue?["flow"]) }
    }
  }
  visit(value.objectValue?["flow"])
  return ids
}

/// The folder of real exported blueprints beside the repository (read in place, never copied).
let referenceBlueprints = Fixture.repositoryRoot.deletingLastPathComponent()
  .appendingPathComponent("shared/reference/make-blueprints")

func referenceBlueprintNames() -> [String] {
  ((try? FileManager.default.contentsOfDirectory(atPath: referenceBlueprints.path)) ?? [])
    .filter { $0.hasSuffix(".json") }.sorted()
}

/// Where two JSON values first differ (JSON equality: keys in any order, numbers by value), as a
/// path with both sides; nil when they are JSON-equal.
func firstDifference(_ left: JSONValue, _ right: JSONValue, at path: String = "$") -> String? {
  switch (left, right) {
  case (.object(let a), .object(let b)):
    for key in Set(a.keys).union(b.keys).sorted() {
      guard let x = a[key], let y = b[key] else {
        return "\(path).\(key): \(a[key] == nil ? "missing" : "present") vs \(b[key] == nil ? "missing" : "present")"
      }
      if let found = firstDifference(x, y, at: "\(path).\(key)") { return found }
    }
    return nil
  case (.array(let a), .array(let b)):
    guard a.count == b.count else { return "\(path): \(a.count) items vs \(b.count)" }
    for (index, pair) in zip(a, b).enumerated() {
      if let found = firstDifference(pair.0, pair.1, at: "\(path)[\(index)]") { return found }
    }
    return nil
  default:
    return left.isJSONEqual(to: right) ? nil : "\(path): \(left.serialized) vs \(right.serialized)"
  }
}
