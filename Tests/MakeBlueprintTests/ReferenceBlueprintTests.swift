import Basics
import Foundation
import MakeBlueprint
import ScenarioModel
import Testing

/// Every real blueprint in ../shared/reference/make-blueprints/: import succeeds, every module id
/// is kept, validate's only errors are the unsupported modules, and export gives back the same
/// flow, metadata and name (JSON-equal).
@Suite struct ReferenceBlueprintTests {
  @Test func theReferenceFolderHoldsTheBlueprints() {
    #expect(referenceBlueprintNames().count >= 18)
  }

  @Test(arguments: referenceBlueprintNames())
  func roundTrip(_ name: String) throws {
    let text = try String(contentsOf: referenceBlueprints.appendingPathComponent(name), encoding: .utf8)
    let trip = try RoundTrip(text, path: name.replacingOccurrences(of: ".json", with: ".yaml"))

    // Every module keeps its id, and no id appears twice.
    let originalIDs = moduleIDs(.object(trip.original))
    #expect(moduleIDs(.object(trip.exported)).sorted() == originalIDs.sorted())

    // The flow, the metadata and the name come back JSON-equal.
    let flow = try #require(trip.original["flow"])
    let exportedFlow = try #require(trip.exported["flow"])
    #expect(firstDifference(exportedFlow, flow, at: "flow") == nil)
    if let metadata = trip.original["metadata"] {
      #expect(firstDifference(trip.exported["metadata"] ?? .null, metadata, at: "metadata") == nil)
    }
    if case .string(let original)? = trip.original["name"] {
      #expect(trip.exported["name"] == .string(original))
    }

    // validate: errors only for unsupported modules, and for references to modules that only
    // an unsupported module holds (a trigger whose Make id is not 1, an If-Else branch).
    let scenario = try #require(trip.validation.scenario)
    let visible = Set(scenario.allModules.map(\.id.value) + [1])
    let hidden = Set(originalIDs).subtracting(visible)
    let unsupported = Set(trip.imported.report.unsupportedModules.map(\.id))
    for error in trip.errors {
      switch error.id {
      case "module.makeUnsupported":
        continue
      case "expression.unknownModule", "expression.moduleNotUpstream", "aggregator.sourceNotUpstream":
        let referenced = error.message.split(separator: " ").compactMap { Int($0) }.first ?? -1
        #expect(
          hidden.contains(referenced) || unsupported.contains(referenced),
          "\(name): \(error.location.map(\.description) ?? ""): \(error.message)")
      default:
        Issue.record("\(name): \(error.id): \(error.location.map(\.description) ?? ""): \(error.message)")
      }
    }
    #expect(trip.errors.filter { $0.id == "module.makeUnsupported" }.count == unsupported.count)
  }
}
