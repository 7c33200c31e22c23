import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// Module names, trigger placement and fields against the catalogue.
@Suite struct ModuleChecksTests {
  @Test func unknownModuleSuggestsTheNearest() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
      flow:
        - id: 2
          module: 1️⃣sonar.sendMesage
      """)
    let found = expectDiagnostic("module.unknown", at: "1️⃣", in: marked, message: "unknown module 'sonar.sendMesage'")
    #expect(found?.fixHint == "Did you mean 'sonar.sendMessage'?")
  }

  @Test func onlyTriggersMayTrigger() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: 1️⃣sonar.sendMessage }
      flow:
        - id: 2
          module: 2️⃣sonar.watchNewCustomer
      """)
    expectDiagnostic(
      "module.notATrigger", at: "1️⃣", in: marked, message: "'sonar.sendMessage' is an action, not a trigger")
    expectDiagnostic(
      "module.triggerInFlow", at: "2️⃣", in: marked,
      message: "'sonar.watchNewCustomer' is a trigger and can only be the scenario's 'trigger'")
  }

  @Test func unknownFieldSaysWhereAndSuggests() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.sendMessage
          map:
            phoneNumber: "{{1.customer.phone_number}}"
            1️⃣phoneNumbr: "{{1.customer.phone_number}}"
            text: hi
      """)
    let found = expectDiagnostic(
      "field.unknown", at: "1️⃣", in: marked, message: "unknown field 'phoneNumbr' for module 2 ('sonar.sendMessage')")
    #expect(found?.fixHint == "Did you mean 'phoneNumber'?")
  }

  @Test func missingRequiredFieldNamesMakesLabel() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.deleteCustomerProperty
          map:
            1️⃣phoneNumber: "+13105551234"
      """)
    expectDiagnostic(
      "field.missing", at: "1️⃣", in: marked,
      message: "missing required field 'propertyName' (Property Name) for module 2 ('sonar.deleteCustomerProperty')")
  }

  @Test func sendMessageNeedsTextOrMedia() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.sendMessage
          map: 1️⃣{ phoneNumber: "+13105551234" }
      """)
    expectDiagnostic(
      "field.missingOneOf", at: "1️⃣", in: marked, message: "module 2 ('sonar.sendMessage') needs 'text' or 'mediaUrl'")
  }

  @Test func literalValuesAreTyped() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.createOrUpdateCustomer
          map:
            phoneNumber: 1️⃣"call me"
            subscribed: 2️⃣sometimes
            pictureUrl: 3️⃣not-a-url
            properties:
              - { name: tier, type: 4️⃣colour, value: gold }
        - id: 3
          module: sonar.sendMessage
          map:
            phoneNumber: "+13105551234"
            text: hi
            tagNames: 5️⃣vip
        - id: 4
          module: util.sleep
          map: { delay: 6️⃣500 }
      """)
    expectDiagnostic(
      "field.invalidPhone", at: "1️⃣", in: marked, message: "'phoneNumber' is not a phone number: 'call me'")
    expectDiagnostic(
      "field.wrongType", at: "2️⃣", in: marked, message: "'subscribed' must be true or false, not text 'sometimes'")
    expectDiagnostic(
      "field.invalidURL", at: "3️⃣", in: marked, message: "'pictureUrl' is not an http(s) URL: 'not-a-url'")
    expectDiagnostic(
      "field.invalidChoice", at: "4️⃣", in: marked,
      message: "'properties[1].type' must be one of text, number, date, boolean, not 'colour'")
    expectDiagnostic(
      "field.wrongType", at: "5️⃣", in: marked, message: "'tagNames' must be a list of text, not text 'vip'")
    expectDiagnostic("field.outOfRange", at: "6️⃣", in: marked, message: "'delay' must be at most 300, not 500")
  }

  @Test func staticSettingsRefuseTemplates() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: 1️⃣"{{now}}" } }
      flow: []
      """)
    expectDiagnostic(
      "field.templateNotAllowed", at: "1️⃣", in: marked,
      message: "'webhookName' is fixed when the scenario loads and cannot hold a mapping template")
  }

  @Test func webhookNamesAreURLSafe() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: 1️⃣"new order" } }
      flow: []
      """)
    expectDiagnostic(
      "field.invalidWebhookName", at: "1️⃣", in: marked,
      message: "webhook name 'new order' may only hold letters, digits, '-' and '_'")
  }

  @Test func pollingTriggersNeedASchedule() {
    let marked = MarkedText(
      """
      name: x
      trigger:
        module: 1️⃣http.watch
        params: { url: "https://example.com/feed" }
      flow: []
      """)
    expectDiagnostic(
      "module.missingSchedule", at: "1️⃣", in: marked, message: "polling trigger 'http.watch' needs a 'schedule'")
  }

  @Test func instantTriggersTakeNoSchedule() {
    let marked = MarkedText(
      """
      name: x
      trigger:
        1️⃣module: webhook.custom
        params: { webhookName: a }
        schedule: { every: 5m }
      flow: []
      """)
    expectDiagnostic("module.unusedSchedule", at: "1️⃣", in: marked)
  }

  @Test func routerTakesNoMap() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: flow.router
          map: 1️⃣{ a: 1 }
          routes:
            - flow: []
      """)
    expectDiagnostic("field.noMap", at: "1️⃣", in: marked, message: "module 2 ('flow.router') takes no 'map'")
  }

  @Test func nothingMayFollowARouter() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: flow.router
          routes:
            - flow: []
        - 1️⃣{ id: 3, module: util.getVariable, map: { name: a } }
      """)
    expectDiagnostic(
      "module.afterRouter", at: "1️⃣", in: marked,
      message: "module 3 comes after router 2, and a router ends its path, so it never runs")
  }

  @Test func fieldInTheWrongSectionSaysWhereItBelongs() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: flow.iterator
          map: { array: "{{1.items}}" }
        - id: 3
          module: flow.textAggregator
          params: { source: 2 }
          map: { text: "{{2.name}}", 1️⃣separator: ", " }
      """)
    let found = expectDiagnostic("field.unknown", at: "1️⃣", in: marked)
    #expect(found?.fixHint == "'separator' belongs under 'params'.")
  }
}
