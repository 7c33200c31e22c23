import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// Structural checks made while parsing: keys, ids, routes, filters, error handlers, settings.
@Suite struct StructureChecksTests {
  @Test func validScenarioHasNoFindings() {
    #expect(validate(MarkedText(validScenario)).isEmpty)
  }

  @Test func unknownTopLevelKeySuggestsTheNearest() {
    let marked = MarkedText(
      """
      name: x
      1️⃣flw: []
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow: []
      """)
    let found = expectDiagnostic(
      "scenario.unknownKey", at: "1️⃣", in: marked, message: "unknown key 'flw' in the scenario")
    #expect(found?.fixHint == "Did you mean 'flow'?")
  }

  /// `make:` (kept for export to Make) is accepted at the top level, on the trigger and on modules,
  /// has no effect on the checks, and must be a mapping.
  @Test func makeKeysAreAcceptedAsMappingsOnly() {
    let accepted = """
      name: x
      make: { metadata: { version: 1 } }
      trigger: { module: webhook.custom, params: { webhookName: a }, make: { module: "gateway:CustomWebHook" } }
      flow:
        - { id: 2, module: json.parse, map: { json: "{{1.body}}" }, make: { module: "json:ParseJSON", version: 1 } }
      """
    #expect(validate(MarkedText(accepted)).isEmpty)
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - { id: 2, module: json.parse, map: { json: "{{1.body}}" }, make: 1️⃣3 }
      """)
    expectDiagnostic("scenario.wrongType", at: "1️⃣", in: marked, message: "'make' must be a mapping, not a number")
  }

  /// An unsupported Make module is an error at its module name, naming the Make module.
  @Test func anUnsupportedMakeModuleIsAnError() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - { id: 2, module: 1️⃣make.unsupported, make: { module: "slack:CreateMessage", mapper: { text: hi } } }
      """)
    let found = expectDiagnostic(
      "module.makeUnsupported", at: "1️⃣", in: marked,
      message:
        "Make module 'slack:CreateMessage' (app 'slack') was imported as unsupported: sonarflow cannot run it here")
    #expect(found?.fixHint?.hasPrefix("Replace it with http.request") == true)
  }

  @Test func missingNameTriggerAndFlowAreAllReported() {
    let diagnostics = validate(MarkedText("description: nothing else\n"))
    #expect(
      diagnostics.map(\.message).sorted() == [
        "missing required key 'flow' in the scenario",
        "missing required key 'name' in the scenario",
        "missing required key 'trigger' in the scenario",
      ])
  }

  @Test func duplicateIDPointsAtTheSecondAndNotesTheFirst() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 1️⃣2
          module: util.setVariable
          map: { name: a, value: 1 }
        - id: 2️⃣2
          module: util.setVariable
          map: { name: b, value: 2 }
      """)
    let found = expectDiagnostic("scenario.duplicateID", at: "2️⃣", in: marked, message: "duplicate module id 2")
    #expect(found?.notes.first?.location?.line == marked["1️⃣"]?.line)
    #expect(found?.notes.first?.location?.column == marked["1️⃣"]?.column)
  }

  @Test(arguments: [
    ("0", "module id must be a positive integer, not '0'"), ("two", "module id must be a positive integer, not 'two'"),
    ("-3", "module id must be a positive integer, not '-3'"),
  ])
  func invalidIDs(text: String, message: String) {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 1️⃣\(text)
          module: util.getVariable
          map: { name: a }
      """)
    expectDiagnostic("scenario.invalidID", at: "1️⃣", in: marked, message: message)
  }

  @Test func idOneIsTheTrigger() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 1️⃣1
          module: util.getVariable
          map: { name: a }
      """)
    expectDiagnostic("scenario.reservedID", at: "1️⃣", in: marked)
  }

  @Test func literalTokenIsRefused() {
    let marked = MarkedText(
      """
      name: x
      connection:
        1️⃣token: abcd1234
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow: []
      """)
    let found = expectDiagnostic("scenario.literalToken", at: "1️⃣", in: marked)
    #expect(found?.message.contains("abcd1234") == false)
  }

  @Test func tokenEnvMustNameAVariable() {
    let marked = MarkedText(
      """
      name: x
      connection: { tokenEnv: 1️⃣"sk-live 123456" }
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow: []
      """)
    let found = expectDiagnostic("scenario.invalidTokenEnv", at: "1️⃣", in: marked)
    #expect(found?.message.contains("123456") == false)
  }

  @Test func settingsAreTyped() {
    let marked = MarkedText(
      """
      name: x
      settings: { sequential: 1️⃣maybe, maxCycles: 2️⃣0, timezone: 3️⃣Mars/Olympus }
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow: []
      """)
    expectDiagnostic(
      "scenario.wrongType", at: "1️⃣", in: marked, message: "'sequential' must be true or false, not 'maybe'")
    expectDiagnostic("scenario.valueOutOfRange", at: "2️⃣", in: marked, message: "'maxCycles' must be at least 1, not 0")
    expectDiagnostic("scenario.unknownTimeZone", at: "3️⃣", in: marked, message: "unknown time zone 'Mars/Olympus'")
  }

  @Test func routerNeedsRoutesAndOneFallbackAtMost() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: flow.router
          routes:
            - 1️⃣fallback: true
              flow: []
            - 2️⃣fallback: true
              3️⃣filter: { conditions: [[ { a: "{{1.x}}", op: exist } ]] }
              flow: []
        - 4️⃣id: 5
          module: flow.router
      """)
    expectDiagnostic("scenario.multipleFallbacks", at: "2️⃣", in: marked)
    expectDiagnostic("scenario.fallbackWithFilter", at: "3️⃣", in: marked)
    expectDiagnostic("scenario.routerWithoutRoutes", at: "4️⃣", in: marked)
  }

  @Test func routesOnlyOnRouters() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: util.getVariable
          map: { name: a }
          1️⃣routes: []
      """)
    expectDiagnostic("scenario.routesOutsideRouter", at: "1️⃣", in: marked)
  }

  @Test func errorHandlerDirectiveAndOptions() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: util.getVariable
          map: { name: a }
          onError: { then: 1️⃣brake }
        - id: 3
          module: util.getVariable
          map: { name: a }
          onError:
            then: ignore
            2️⃣retry: { attempts: 2 }
        - id: 4
          module: util.getVariable
          map: { name: a }
          onError:
            then: break
            retry: { attempts: 3, interval: 3️⃣soon }
      """)
    let directive = expectDiagnostic(
      "scenario.unknownDirective", at: "1️⃣", in: marked, message: "unknown error directive 'brake'")
    #expect(directive?.fixHint == "Did you mean 'break'?")
    expectDiagnostic("scenario.unusedOption", at: "2️⃣", in: marked, message: "'retry' has no effect with 'ignore'")
    expectDiagnostic(
      "scenario.invalidDuration", at: "3️⃣", in: marked, message: "'interval' must be a duration, not 'soon'")
  }

  /// Keys that were refused while their behaviour was not built are accepted now that it is:
  /// `maxConsecutiveErrors` (serve deactivates the scenario) and break's `retry`.
  @Test func settingsThatOnceWouldDoNothingAreAccepted() {
    let marked = MarkedText(
      """
      name: x
      settings: { storeIncomplete: true, maxConsecutiveErrors: 2, autoCommit: true }
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: util.getVariable
          map: { name: a }
          onError:
            then: break
            retry: { attempts: 3, interval: 1m }
      """)
    #expect(validate(marked).isEmpty)
  }

  @Test func maxConsecutiveErrorsIsAtLeastOne() {
    let marked = MarkedText(
      """
      name: x
      settings: { maxConsecutiveErrors: 1️⃣0 }
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - { id: 2, module: util.getVariable, map: { name: a } }
      """)
    expectDiagnostic("scenario.valueOutOfRange", at: "1️⃣", in: marked)
    #expect(validate(marked).count == 1)
  }

  @Test func breakRetriesAtLeastASecondApart() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: util.getVariable
          map: { name: a }
          onError:
            then: break
            retry: { attempts: 3, interval: 1️⃣500ms }
      """)
    expectDiagnostic("scenario.intervalTooShort", at: "1️⃣", in: marked, message: "'interval' must be at least 1s")
  }

  @Test func scheduleIsAnIntervalOrACron() {
    let marked = MarkedText(
      """
      name: x
      trigger:
        module: http.watch
        params: { url: "https://example.com/feed" }
        schedule: { cron: 1️⃣"*/5 * * *" }
      flow: []
      """)
    expectDiagnostic(
      "scenario.invalidCron", at: "1️⃣", in: marked,
      message: "cron expression '*/5 * * *' has 4 fields; expected 5 (minute hour day-of-month month day-of-week)")
  }

  @Test func filterConditionsNeedAnOperator() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: util.getVariable
          map: { name: a }
          filter:
            conditions: [[ 1️⃣{ a: "{{1.x}}" } ]]
      """)
    expectDiagnostic(
      "scenario.missingKey", at: "1️⃣", in: marked, message: "missing required key 'op' in a filter condition")
  }
}
