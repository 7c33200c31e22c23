import ScenarioModel
import Testing

@testable import ScenarioTesting

@Suite struct ScenarioTestParserTests {
  func parse(_ text: String) -> ScenarioTestParser.Output {
    ScenarioTestParser.parse(SourceFile(path: "t.test.yaml", text: text))
  }

  @Test func aCaseReadsEveryPart() throws {
    let output = parse(
      """
      scenario: other.yaml
      tests:
        - name: one
          trigger: [{ a: 1 }, { a: 2 }]
          now: 2026-03-04T05:06:07Z
          mocks: { 2: { output: { id: 7 } }, 3: { error: { type: DataError, message: nope } } }
          expect:
            status: warning
            modules: { 2: { called: 2, operation: 2, input: { a: 2 }, output: { id: { equals: 7 } }, filtered: false } }
            messages: [{ text: { contains: Hi } }]
            customers: [{ phone_number: "+13105551234", first_name: Ann }]
            conditions: ["{{2.id = 7}}"]
      """)
    #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.message))")
    let file = try #require(output.file)
    #expect(file.scenarioPath == "other.yaml")
    let testCase = try #require(file.cases.first)
    #expect(testCase.trigger == [["a": 1], ["a": 2]])
    #expect(testCase.now.timeIntervalSince1970 == 1_772_600_767)
    #expect(testCase.mocks.keys.sorted() == [2, 3])
    #expect(testCase.expectations.count == 8)
    #expect(testCase.expectations.map(\.location.line) == [8, 9, 9, 9, 9, 10, 11, 12])
  }

  @Test func theScenarioDefaultsToTheFileBesideIt() throws {
    let output = ScenarioTestParser.parse(SourceFile(path: "dir/welcome.test.yaml", text: "tests: [{ name: x }]"))
    #expect(try #require(output.file).scenarioPath == "dir/welcome.yaml")
  }

  @Test(
    arguments: [
      ("tests: [{ name: x, expct: {} }]", "1:20", "unknown key 'expct' in a test case", "Did you mean 'expect'?"),
      ("tests: [{ trigger: {} }]", "1:9", "a test case needs a 'name'", nil),
      (
        "tests: [{ name: x, expect: { status: fine } }]", "1:38", "unknown status 'fine'",
        "Use success, warning, error or interrupted."
      ),
      (
        "tests: [{ name: x, mocks: { two: { output: {} } } }]", "1:29", "'two' is not a module id",
        "Key modules by their numeric `id`, e.g. `2:`."
      ),
      (
        "tests: [{ name: x, mocks: { 2: { error: { type: DataEror } } } }]", "1:49", "unknown error type 'DataEror'",
        "Did you mean 'DataError'?"
      ),
      (
        "tests: [{ name: x, expect: { conditions: [\"2.a = 1\"] } }]", "1:43",
        "the condition '2.a = 1' has no {{…}} template", nil
      ),
      (
        "tests: [{ name: x, expect: { modules: { 2: { input: { a: { matches: \"(\" } } } } } }]", "1:69",
        "'(' is not a valid regular expression", nil
      ),
      ("tests: [{ name: x }, { name: x }]", "1:30", "a second case named 'x'", "Give every case its own name."),
      ("tests: [{ name: x, world: { customers: [{ phone_number: nope }] } }]", "1:27", nil, nil),
      ("cases: []", "1:1", "unknown key 'cases' in a test file", nil),
      ("tests: [{ name: x, dataStores: [a] }]", "1:32", "'dataStores' must be a mapping, not a list", nil),
      (
        "tests: [{ name: x, dataStores: { s: { k: 5 } } }]", "1:42",
        "the record 'k' of data store 's' must be a mapping of its fields, not a number", nil
      ),
      (
        "tests: [{ name: x, expect: { dataStores: { s: [k] } } }]", "1:47",
        "data store 's' must be a mapping, not a list", nil
      ),
    ] as [(String, String, String?, String?)])
  func malformedFilesSayWhatAndWhere(text: String, place: String, message: String?, hint: String?) throws {
    let output = parse(text)
    #expect(output.file == nil)
    let diagnostic = try #require(output.diagnostics.first)
    #expect(diagnostic.location.map { "\($0.line):\($0.column)" } == place, "\(output.diagnostics.map(\.message))")
    if let message { #expect(diagnostic.message == message) }
    if let hint { #expect(diagnostic.fixHint == hint) }
  }
}
