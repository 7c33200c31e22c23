import Basics
import Foundation
import MakeBlueprint
import ScenarioModel
import Testing

/// Make's Data store modules: `datastore:GetRecord`, `AddRecord`, `UpdateRecord`, `ExistRecord` ⇄
/// sonarflow's `datastore.*`, the store named after Make's data store id.
@Suite struct DataStoreMappingTests {
  @Test func aRealBlueprintsDataStoreModulesImportAsSonarflowsAndExportAsMakes() throws {
    let name = "silbersteine-lokalise-unverified-task.json"
    let text = try String(contentsOf: referenceBlueprints.appendingPathComponent(name), encoding: .utf8)
    let trip = try RoundTrip(text, path: "lokalise.yaml")
    let scenario = try #require(trip.validation.scenario)
    func module(_ id: Int) throws -> FlowModule { try #require(scenario.allModules.first { $0.id.value == id }) }

    let get = try module(31)
    #expect(get.module.value == "datastore.getRecord")
    #expect(get.params?["store"]?.scalar?.value == "datastore-27969")
    #expect(get.map?["key"]?.scalar?.value == "{{32.key}}")
    let update = try module(33)
    #expect(update.module.value == "datastore.updateRecord")
    #expect(update.map?["record"]?.mapping?["Key IDs"]?.scalar?.value == #"{{map(26.body.translations; "key_id")}}"#)
    let adapted = trip.imported.report.modules.first { $0.id == 31 }
    let store = adapted?.fields.first { $0.name == "parameters.datastore" }
    #expect(store?.status == .adapted)
    #expect(store?.note?.contains("Make's data store id as the store name datastore-ID") == true)
  }

  @Test func aStoreWithoutAMakeIdIsExportedForMakeToChoose() throws {
    let yaml = """
      name: Throttle
      trigger: { module: webhook.custom, params: { webhookName: t } }
      flow:
        - id: 2
          module: datastore.recordExists
          params: { store: auto-replies }
          map: { key: "{{1.phone}}" }
        - id: 3
          module: datastore.addRecord
          params: { store: datastore-42 }
          map: { key: "{{1.phone}}", record: { day: "{{now}}" }, overwrite: false }
      """
    let output = BlueprintExporter.convert(SourceFile(path: "throttle.yaml", text: yaml))
    #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.message))")
    let flow = try #require(output.blueprint?.objectValue?["flow"]?.arrayValue)
    #expect(flow.count == 3)  // the trigger first
    let exists = try #require(flow[1].objectValue)
    #expect(exists["module"] == "datastore:ExistRecord")
    #expect(exists["parameters"]?.objectValue?["datastore"] == .null)
    let add = try #require(flow[2].objectValue)
    #expect(add["module"] == "datastore:AddRecord")
    #expect(add["parameters"]?.objectValue?["datastore"]?.isJSONEqual(to: 42) == true)
    #expect(add["mapper"]?.objectValue?["data"]?.objectValue?["day"] == "{{now}}")
    #expect(add["mapper"]?.objectValue?["overwrite"] == false)
  }
}
