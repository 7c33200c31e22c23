import Foundation
import ScenarioModel
import SonarflowTesting
import Testing

@testable import ScenarioTesting

/// `dataStores:` in a case (records written before the run) and under `expect:` (records after it).
@Suite struct DataStoreCaseTests {
  static let scenario = """
    name: counter
    trigger: { module: webhook.custom, params: { webhookName: count } }
    flow:
      - id: 2
        module: datastore.getRecord
        params: { store: visits }
        map: { key: "{{1.phone}}" }
      - id: 3
        module: datastore.addRecord
        params: { store: visits }
        map: { key: "{{1.phone}}", record: { count: "{{ifempty(2.count; 0) + 1}}" } }
    """

  /// Runs `tests` against the scenario in a folder of their own, with `structure` as the store's
  /// `visits.datastore.yaml` when given.
  func run(_ tests: String, structure: String? = nil) async throws -> [CaseResult] {
    let folder = try Fixture.temporaryDirectory("datastore-cases")
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.scenario.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    if let structure {
      try structure.write(to: folder.appendingPathComponent("visits.datastore.yaml"), atomically: true, encoding: .utf8)
    }
    let path = folder.appendingPathComponent("s.test.yaml").path
    try tests.write(toFile: path, atomically: true, encoding: .utf8)
    let loaded = try ScenarioTestLoader.load(path).get()
    return await ScenarioTestRunner().run(loaded.file, scenario: loaded.scenario)
  }

  @Test func aSeededRecordIsReadByTheRunAndTheRecordsAfterItAreExpected() async throws {
    let results = try await run(
      """
      tests:
        - name: a known visitor is counted on
          trigger: { phone: "+13105551234" }
          dataStores:
            visits:
              "+13105551234": { count: 4 }
              "+13105559999": { count: 1 }
          expect:
            modules: { 2: { output: { count: 4 } } }
            dataStores:
              visits:
                "+13105551234": { count: 5 }
                "+13105559999": { count: 1 }
                "+13105550000": null
      """)
    for result in results { #expect(result.passed, "\(result.testCase.name): \(result.failures)") }
    #expect(results.count == 1)
  }

  @Test func recordsThatDifferFromTheExpectedOnesFailAtTheirLines() async throws {
    let results = try await run(
      """
      tests:
        - name: wrong
          trigger: { phone: "+13105551234" }
          expect:
            dataStores:
              visits:
                "+13105551234": { count: 2 }
                "+13105550000": { count: 1 }
        - name: absent expected
          trigger: { phone: "+13105551234" }
          expect:
            dataStores: { visits: { "+13105551234": null } }
      """)
    let wrong = try #require(results.first).failures
    #expect(
      wrong.map { "\($0.location.line): \($0.message) | \($0.expected ?? "") | \($0.actual ?? "")" } == [
        "7: the record '+13105551234' of data store 'visits': count | 2 | 1",
        "8: the record '+13105550000' of data store 'visits' | a record | no record",
      ])
    let absent = try #require(results.last).failures
    #expect(
      absent.map { "\($0.location.line): \($0.message) | \($0.expected ?? "") | \($0.actual ?? "")" } == [
        "12: the record '+13105551234' of data store 'visits' | no record | {\"count\":1}"
      ])
  }

  @Test func aSeededRecordIsCheckedAgainstTheStoresDeclaredStructure() async throws {
    let results = try await run(
      """
      tests:
        - name: bad seed
          trigger: { phone: "+13105551234" }
          dataStores:
            visits:
              "+13105551234": { count: 1, colour: red }
      """, structure: "name: visits\nfields:\n  count: number\n")
    let failures = try #require(results.first).failures
    #expect(
      failures.map { "\($0.location.line): \($0.message)" } == [
        "6: the record '+13105551234' cannot be written: data store 'visits' has no field 'colour' (its fields: count)"
      ])
    #expect(try #require(results.first).result == nil)
  }
}
