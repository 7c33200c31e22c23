import Foundation
import ModuleCatalogue
import ScenarioModel

/// The record fields of Add/replace and Update a record against the store's declared data
/// structure (a `*.datastore.yaml` beside the scenario): a field the structure does not declare,
/// and a literal value that cannot be the field's type. Mapped values are checked when the module
/// runs.
struct DataStoreChecks: ValidationPass {
  private static let writers: Set<String> = ["datastore.addRecord", "datastore.updateRecord"]

  func check(_ context: ValidationContext) -> [Diagnostic] {
    guard !context.dataStructures.isEmpty else { return [] }
    var diagnostics: [Diagnostic] = []
    for module in context.scenario.allModules where Self.writers.contains(module.module.value) {
      guard let store = module.params?["store"]?.scalar?.value, let structure = context.dataStructures[store],
        let record = module.map?["record"]?.mapping
      else { continue }
      for entry in record.entries {
        guard let field = structure.field(named: entry.key.value) else {
          let names = structure.fields.map(\.name)
          diagnostics.append(
            Diagnostic(
              id: "datastore.unknownField", location: entry.key.location,
              message: "data store '\(store)' has no field '\(entry.key.value)'",
              fixHint: Suggestion.didYouMean(entry.key.value, in: names)
                ?? "Its fields (\(structure.location.file)): \(names.joined(separator: ", "))."))
          continue
        }
        if !Self.fits(entry.value, field.type) {
          diagnostics.append(
            Diagnostic(
              id: "datastore.wrongFieldType", location: entry.value.location,
              message:
                "field '\(field.name)' of data store '\(store)' is \(field.type.rawValue), not \(entry.value.kindDescription)",
              fixHint: "Give a \(field.type.rawValue) value, or map one with {{…}}."))
        }
      }
    }
    return diagnostics
  }

  /// Whether a literal could be a value of `type` (a template always could).
  private static func fits(_ node: YAMLNode, _ type: DataStructure.FieldType) -> Bool {
    if let scalar = node.scalar {
      if scalar.isTemplate || scalar.isNull { return true }
      switch type {
      case .text, .date: return true
      case .number:
        if case .int = scalar.resolved { return true }
        if case .float = scalar.resolved { return true }
        return Double(scalar.value.trimmingCharacters(in: .whitespaces)) != nil
      case .boolean:
        if case .bool = scalar.resolved { return true }
        return ["true", "false"].contains(scalar.value.lowercased())
      case .array, .collection: return false
      }
    }
    switch type {
    case .array: return node.sequence != nil
    case .collection: return node.mapping != nil
    default: return false
    }
  }
}
