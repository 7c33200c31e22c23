import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// Mapping expressions checked inside validate, positioned inside the YAML string.
@Suite struct ExpressionChecksTests {
  private func scenario(_ sendMessageMap: String) -> MarkedText {
    MarkedText(
      """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.getCustomer
          map: { phoneNumber: "{{1.customer.phone_number}}" }
        - id: 3
          module: sonar.sendMessage
          map:
            phoneNumber: "{{2.phone_number}}"
      \(sendMessageMap)
        - id: 4
          module: util.setVariable
          map: { name: later, value: "{{3.status}}" }
      """)
  }

  @Test(arguments: [
    "      text: Hi {{1️⃣uper(2.first_name)}}",
    "      text: \"Hi {{1️⃣uper(2.first_name)}}\"",
    "      text: 'Hi {{1️⃣uper(2.first_name)}}'",
    "      text: |\n        Hello\n        {{1️⃣uper(2.first_name)}}",
    "      text: >\n        Hello there\n        {{1️⃣uper(2.first_name)}}",
  ])
  func unknownFunctionIsPlacedInsideTheString(map: String) {
    let found = expectDiagnostic(
      "expression.unknownFunction", at: "1️⃣", in: scenario(map), message: "unknown function 'uper'")
    #expect(found?.fixHint == "Did you mean 'upper'?")
  }

  @Test(arguments: [
    (
      #"      text: "{{formatDate(now; \"D MMMM 1️⃣at HH:mm\")}}""#,
      "'t' in 'at' is not a date format token and would be printed as it is",
      "Write '[at]' to print the text as it is; docs/expressions.md lists the date tokens."
    ),
    (
      #"      text: "{{formatDate(now; \"1️⃣yyyy-MM-DD\")}}""#,
      "'y' in 'yyyy' is not a date format token and would be printed as it is",
      "Use 'YYYY' for the year (tokens are case-sensitive), or write '[yyyy]' to print the text."
    ),
    (
      #"      text: "{{parseDate(2.first_name; \"HH:mm 1️⃣z\")}}""#,
      "'z' in 'z' is not a date format token and would be printed as it is",
      "Use 'Z' (+01:00) or 'ZZ' (+0100) for the offset, or write '[z]' to print the text."
    ),
    (
      #"      text: "{{formatDate(now; \"DD 1️⃣Uhr\")}}""#,
      "'U', 'r' in 'Uhr' are not date format tokens and would be printed as they are",
      "Write '[Uhr]' to print the text as it is; docs/expressions.md lists the date tokens."
    ),
  ])
  func dateFormatLettersThatAreNoTokensAreAWarningAtTheirPlace(map: String, message: String, hint: String) {
    let found = expectDiagnostic("expression.strayDateLetters", at: "1️⃣", in: scenario(map), message: message)
    #expect(found?.severity == .warning)
    #expect(found?.fixHint == hint)
  }

  @Test(arguments: [
    #"      text: "{{formatDate(now; \"LLLL [at] LT, YYYY-MM-DDTHH:mm:ssZ\")}}""#,
    #"      text: "{{formatDate(now; \"dddd Do MMMM YYYY [week] W, llll\")}}""#,
  ])
  func tokensAndEscapedTextAreNotReported(map: String) {
    #expect(!validate(scenario(map)).contains { $0.id == "expression.strayDateLetters" })
  }

  @Test func syntaxErrorsAndArity() {
    let marked = scenario("      text: \"{{1️⃣substring(2.email)}} {{2️⃣2.first_name\"")
    expectDiagnostic("expression.arity", at: "1️⃣", in: marked)
    let diagnostics = validate(marked)
    #expect(diagnostics.contains { $0.id == "expression.syntax" && $0.severity == .error })
  }

  @Test func laterModulesAreNotUpstream() {
    let marked = scenario("      text: \"{{1️⃣4.later}}\"")
    expectDiagnostic(
      "expression.notUpstream", at: "1️⃣", in: marked,
      message: "module 4 ('util.setVariable') does not run before module 3 on its path")
  }

  @Test func unknownModule() {
    expectDiagnostic(
      "expression.unknownModule", at: "1️⃣", in: scenario("      text: \"{{1️⃣9.x}}\""),
      message: "there is no module 9 in this scenario")
  }

  @Test func misspeltOutputFieldIsAWarningWithASuggestion() {
    let found = expectDiagnostic(
      "expression.unknownField", at: "1️⃣", in: scenario("      text: \"Hi {{1️⃣2.frist_name}}\""),
      message: "module 2 ('sonar.getCustomer') does not output 'frist_name'")
    #expect(found?.severity == .warning)
    #expect(found?.fixHint == "Did you mean 'first_name'?")
  }

  /// A required field mapped from nothing but a path that cannot exist would be empty at run
  /// time: an error, pointing at where the field really is in the output.
  @Test func aRequiredFieldFromAPathThatCannotExistIsAnErrorNamingTheNestedPath() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.sendMessage
          map: { phoneNumber: "{{1️⃣1.phone_number}}", text: "Hi {{2️⃣1.first_name}}" }
      """)
    let required = expectDiagnostic(
      "expression.unknownField", at: "1️⃣", in: marked,
      message:
        "module 1 ('sonar.watchNewCustomer') does not output 'phone_number', so the required field 'phoneNumber' would be empty"
    )
    #expect(required?.severity == .error)
    #expect(required?.fixHint == "Did you mean '1.customer.phone_number'?")
    // Inside a longer text the field is not empty: still a warning, with the same pointer.
    let inText = expectDiagnostic(
      "expression.unknownField", at: "2️⃣", in: marked,
      message: "module 1 ('sonar.watchNewCustomer') does not output 'first_name'")
    #expect(inText?.severity == .warning)
    #expect(inText?.fixHint == "Did you mean '1.customer.first_name'?")
    // A function around the reference may give the field a value: a warning, not an error.
    let wrapped = expectDiagnostic(
      "expression.unknownField", at: "1️⃣",
      in: MarkedText(
        """
        name: x
        trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
        flow:
          - id: 2
            module: sonar.sendMessage
            map: { phoneNumber: "{{ifempty(1️⃣1.phone_number; 1.customer.phone_number)}}", text: Hi }
        """))
    #expect(wrapped?.severity == .warning)
  }

  @Test func nestedOutputFieldsAreChecked() {
    expectDiagnostic(
      "expression.unknownField", at: "1️⃣", in: scenario("      text: \"{{1️⃣1.customer.frist_name}}\""),
      message: "module 1 ('sonar.watchNewCustomer') does not output 'frist_name'")
  }

  @Test func dynamicOutputsAcceptAnyField() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: a, value: "{{1.anything.at.all}}" } }
      """)
    #expect(validate(marked).isEmpty)
  }

  @Test func arrayIntoAPhoneNumberIsRefused() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.sendMessage
          map: { phoneNumber: 1️⃣"{{split(1.customer.phone_number; \\",\\")}}", text: hi }
      """)
    expectDiagnostic(
      "expression.typeMismatch", at: "1️⃣", in: marked,
      message: "'phoneNumber' expects phone number, but this template gives an array")
  }

  @Test func modulesInsideAnEndedAggregationAreOutOfScope() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
        - { id: 3, module: flow.textAggregator, params: { source: 2 }, map: { text: "{{2.name}}" } }
        - { id: 4, module: util.setVariable, map: { name: a, value: "{{3.text}} {{1️⃣2.name}}" } }
      """)
    expectDiagnostic("expression.notUpstream", at: "1️⃣", in: marked)
  }

  @Test func errorHandlerOutputMayReadTheError() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: json.parse
          map: { json: "{{1.raw}}" }
          onError: { then: resume, output: { reason: "{{2.error.message}}" } }
      """)
    #expect(validate(marked).isEmpty)
  }

  /// The most common handler in Make texts or logs the error: modules on the handler route read
  /// `{{N.error.*}}` of the module they handle.
  @Test func errorHandlerModulesMayReadTheErrorOfTheModuleTheyHandle() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.sendMessage
          map: { phoneNumber: "{{1.phone}}", text: hi }
          onError:
            flow:
              - id: 3
                module: http.request
                map: { url: "https://example.com", body: { why: "{{2.error.message}} ({{2.error.type}}, {{2.error.statusCode}})" } }
                onError:
                  flow:
                    - { id: 4, module: util.setVariable, map: { name: both, value: "{{2.error.type}} {{3.error.message}}" } }
                  then: ignore
            then: break
      """)
    #expect(validate(marked).isEmpty)
  }

  @Test func aTypoInTheErrorIsCaughtWithASuggestion() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.sendMessage
          map: { phoneNumber: "{{1.phone}}", text: hi }
          onError:
            flow:
              - { id: 3, module: util.setVariable, map: { name: why, value: "{{1️⃣2.error.mesage}}" } }
            then: ignore
      """)
    let found = expectDiagnostic("expression.unknownField", at: "1️⃣", in: marked)
    #expect(found?.message == "the error of module 2 ('sonar.sendMessage') has no field 'mesage'")
    #expect(found?.fixHint == "Did you mean 'message'?")
  }

  @Test func onTheHandlerRouteTheFailedModuleOutputsOnlyItsError() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.getCustomer
          map: { phoneNumber: "{{1.phone}}" }
          onError:
            flow:
              - { id: 3, module: util.setVariable, map: { name: who, value: "{{1️⃣2.first_name}}" } }
            then: ignore
      """)
    let found = expectDiagnostic("expression.unknownField", at: "1️⃣", in: marked)
    #expect(
      found?.message
        == "module 2 ('sonar.getCustomer') outputs only its error on the route that handles it, not 'first_name'")
    #expect(found?.fixHint == "Its output has: error.")
  }

  @Test func theErrorIsNotReadableAfterTheHandlerRoute() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.getCustomer
          map: { phoneNumber: "{{1.phone}}" }
          onError: { then: ignore }
        - { id: 3, module: util.setVariable, map: { name: who, value: "{{1️⃣2.error.message}}" } }
      """)
    let found = expectDiagnostic("expression.unknownField", at: "1️⃣", in: marked)
    #expect(found?.message == "module 2 ('sonar.getCustomer') does not output 'error'")
  }

  @Test func filtersAreChecked() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: util.getVariable
          map: { name: a }
          filter: { conditions: [[ { a: "{{1️⃣lenght(1.items)}}", op: "number:greater", b: 1 } ]] }
      """)
    let found = expectDiagnostic("expression.unknownFunction", at: "1️⃣", in: marked)
    #expect(found?.fixHint == "Did you mean 'length'?")
  }
}
