import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// One mistake, one error: a check does not repeat what another already reported.
@Suite struct NoCascadeTests {
  @Test func anInvalidCronIsNotAlsoAMissingSchedule() {
    let diagnostics = validate(
      MarkedText(
        """
        name: t
        trigger:
          module: http.watch
          params: { url: "https://shop.example.com/a.json" }
          schedule: { cron: "61 * * * *" }
        flow:
          - { id: 2, module: util.setVariable, map: { name: a, value: "{{1.id}}" } }
        """))
    #expect(diagnostics.map(\.message) == ["cron minute '61' in '61' is out of range 0-59"])
  }

  @Test func aPollingTriggerWithoutAScheduleStillNeedsOne() {
    let diagnostics = validate(
      MarkedText(
        """
        name: t
        trigger: { module: http.watch, params: { url: "https://shop.example.com/a.json" } }
        flow:
          - { id: 2, module: util.setVariable, map: { name: a, value: "{{1.id}}" } }
        """))
    #expect(diagnostics.map(\.id) == ["module.missingSchedule"])
  }

  @Test func aDuplicateIdIsNotAlsoAModuleThatDoesNotRunBefore() {
    let diagnostics = validate(
      MarkedText(
        """
        name: t
        trigger: { module: webhook.custom, params: { webhookName: a } }
        flow:
          - { id: 2, module: util.setVariable, map: { name: a, value: "{{1.id}}" } }
          - { id: 2, module: util.setVariable, map: { name: b, value: "{{2.a}}" } }
          - { id: 3, module: util.setVariable, map: { name: c, value: "{{2.b}}" } }
        """))
    #expect(diagnostics.map(\.message) == ["duplicate module id 2"])
  }
}
