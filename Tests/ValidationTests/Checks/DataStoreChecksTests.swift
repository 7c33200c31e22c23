import Foundation
import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// `validate` checks the record fields of data store writes against the structure declared beside
/// the scenario (`*.datastore.yaml`), and reports a broken structure file at its own position.
@Suite struct DataStoreChecksTests {
  let folder: URL

  init() throws {
    folder = try Fixture.temporaryDirectory("datastore-checks")
  }

  /// Writes `structure` as people.datastore.yaml and `marked` as the scenario beside it, and
  /// validates the scenario file.
  private func validate(_ marked: MarkedText, structure: String) throws -> [Diagnostic] {
    try Data(structure.utf8).write(to: folder.appendingPathComponent("people.datastore.yaml"))
    let path = folder.appendingPathComponent("flow.yaml").path
    try Data(marked.text.utf8).write(to: URL(fileURLWithPath: path))
    return Validator().validate(file: path).diagnostics
  }

  private let structure = """
    name: people
    fields: { name: text, visits: number, vip: boolean, tags: array }
    """

  @Test func unknownFieldsAndWrongLiteralTypesArePositioned() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let marked = MarkedText(
      """
      name: t
      trigger: { module: webhook.custom, params: { webhookName: t } }
      flow:
        - id: 2
          module: datastore.addRecord
          params: { store: people }
          map:
            key: "{{1.id}}"
            record: { name: "{{1.name}}", 1️⃣visit: 1, visits: 2️⃣many, vip: 3️⃣maybe, tags: 4️⃣x }
        - id: 3
          module: datastore.updateRecord
          params: { store: others }
          map: { key: k, record: { anything: 1 } }
      """)
    let diagnostics = try validate(marked, structure: structure)
    func at(_ marker: String) -> Diagnostic? {
      let position = marked[marker]
      return diagnostics.first { $0.location?.line == position?.line && $0.location?.column == position?.column }
    }
    #expect(at("1️⃣")?.id == "datastore.unknownField")
    #expect(at("1️⃣")?.message == "data store 'people' has no field 'visit'")
    #expect(at("1️⃣")?.fixHint == "Did you mean 'visits'?")
    #expect(at("2️⃣")?.id == "datastore.wrongFieldType")
    #expect(at("2️⃣")?.message == "field 'visits' of data store 'people' is number, not text")
    #expect(at("3️⃣")?.id == "datastore.wrongFieldType")
    #expect(at("4️⃣")?.id == "datastore.wrongFieldType")
    #expect(diagnostics.count == 4, "a store without a structure takes any field: \(diagnostics.map(\.message))")
  }

  @Test func aBrokenStructureFileIsReportedAtItsPosition() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let diagnostics = try validate(
      MarkedText(
        """
        name: t
        trigger: { module: webhook.custom, params: { webhookName: t } }
        flow:
          - { id: 2, module: datastore.countRecords, params: { store: people } }
        """),
      structure: """
        name: people
        fields: { name: txt }
        """)
    let found = try #require(diagnostics.first { $0.id == "datastore.unknownFieldType" })
    #expect(found.location?.file.hasSuffix("people.datastore.yaml") == true)
    #expect(found.location?.line == 2)
    #expect(found.location?.column == 17)
    #expect(found.fixHint == "Did you mean 'text'?")
  }

  /// `validate` over a folder of scenarios reads its structure files once for all of them: every
  /// scenario is checked against them, and a broken structure file is reported once, not once per
  /// scenario beside it.
  @Test func scenariosOfOneFolderShareItsStructuresAndABrokenOneIsReportedOnce() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("name: people\nfields: { name: text }\n".utf8).write(
      to: folder.appendingPathComponent("people.datastore.yaml"))
    try Data("name: orders\nfields: { total: nmber }\n".utf8).write(
      to: folder.appendingPathComponent("orders.datastore.yaml"))
    let paths = try (1...3).map { index in
      let path = folder.appendingPathComponent("flow\(index).yaml").path
      try Data(
        """
        name: t\(index)
        trigger: { module: webhook.custom, params: { webhookName: t\(index) } }
        flow:
          - { id: 2, module: datastore.addRecord, params: { store: people }, map: { key: k, record: { nme: x } } }
        """.utf8
      ).write(to: URL(fileURLWithPath: path))
      return path
    }
    let reports = Validator().validate(files: paths)
    #expect(reports.map(\.path) == paths)
    let broken = reports.map { $0.diagnostics.filter { $0.id == "datastore.unknownFieldType" }.count }
    #expect(broken == [1, 0, 0])
    let unknownFields = reports.map { $0.diagnostics.filter { $0.id == "datastore.unknownField" }.count }
    #expect(unknownFields == [1, 1, 1], "each scenario is checked against the folder's structure")
  }
}
