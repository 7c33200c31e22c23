import Foundation
import ScenarioModel
import SonarflowTesting
import Testing

@testable import ScenarioTesting

/// A case repeats exactly: `now`, the time zone, the execution id, `uuid` and the emulator's
/// message ids and clock are fixed.
@Suite struct ReproducibleRunTests {
  static let scenario = """
    name: stamp
    settings: { timezone: UTC }
    trigger: { module: webhook.custom, params: { webhookName: stamp } }
    flow:
      - id: 2
        module: util.setVariable
        map: { name: stamp, value: "{{formatDate(now; \\"YYYY-MM-DD HH:mm Z\\")}} {{uuid}} {{uuid}} {{executionId}}" }
      - id: 3
        module: sonar.sendMessage
        map: { phoneNumber: "+13105551234", text: "{{2.stamp}}" }
    """

  @Test func timeZoneIdsAndTheEmulatorsMessageIdsAreFixed() async throws {
    let loaded = try ScenarioTestRunnerTests().load(
      scenario: Self.scenario,
      tests: """
        timezone: America/New_York
        tests:
          - name: in Tokyo
            timezone: Asia/Tokyo
            world: { customers: [{ phone_number: "+13105551234" }] }
            expect:
              modules:
                2:
                  output:
                    stamp: "2026-01-01 09:00 +09:00 00000000-0000-4000-8000-000000000001 00000000-0000-4000-8000-000000000002 00000000-0000-4000-8000-000000000000"
              messages:
                - { id: "00000000-0000-4000-8000-000000000001", created_at: { contains: "2026-01-01T00:00:00" } }
          - name: in the file's zone
            world: { customers: [{ phone_number: "+13105551234" }] }
            expect:
              modules: { 2: { output: { stamp: { matches: "^2025-12-31 19:00 -05:00 00000000-0000-4000-8000-000000000001 " } } } }
              messages: [{ id: "00000000-0000-4000-8000-000000000001" }]
        """
    ).get()
    #expect(loaded.file.cases.map(\.timeZone?.identifier) == ["Asia/Tokyo", "America/New_York"])
    let first = await ScenarioTestRunner(concurrency: 1).run(loaded.file, scenario: loaded.scenario)
    let second = await ScenarioTestRunner(concurrency: 2).run(loaded.file, scenario: loaded.scenario)
    for result in first + second { #expect(result.passed, "\(result.testCase.name): \(result.failures)") }
    #expect(first.count == 2)
  }
}
