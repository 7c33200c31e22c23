import Foundation
import SonarflowTesting
import Testing

/// `sonarflow eval` run as a user runs it (build with `swift build` first).
@Suite struct EvalCommandTests {
  let runner: CommandRunner
  let context =
    #"{"1": {"name": "Ann", "items": [1, 2, 3], "joined": "2016-12-08T15:55:57.536Z"}, "2": {"first_name": ""}, "variables": {"greeting": "Hello"}}"#

  init() throws {
    runner = try CommandRunner()
  }

  private func withContextFile(_ body: (String) async throws -> Void) async throws {
    let folder = try Fixture.temporaryDirectory("eval")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("context.json")
    try context.write(to: file, atomically: true, encoding: .utf8)
    try await body(file.path)
  }

  @Test func textFromContextFile() async throws {
    try await withContextFile { path in
      let result = try await runner.run([
        "eval", "Hi {{ifempty(2.first_name; \"there\")}}, {{upper(1.name)}} has {{length(1.items)}}", "--context", path,
      ])
      #expect(result.exitCode == 0, "\(result.standardError)")
      #expect(result.standardOutput == "Hi there, ANN has 3\n")
    }
  }

  @Test func jsonFromStandardInput() async throws {
    let result = try await runner.run(
      ["eval", "{{1.items}}", "--context", "-", "--format", "json"], standardInput: context)
    #expect(result.exitCode == 0, "\(result.standardError)")
    #expect(result.standardOutput == "[1,2,3]\n")
    let date = try await runner.run(
      ["eval", "{{addDays(1.joined; 1)}}", "--context", "-", "--format", "json"], standardInput: context)
    #expect(date.standardOutput == "\"2016-12-09T15:55:57.536Z\"\n")
    let variable = try await runner.run(["eval", "{{var.greeting}}", "--context", "-"], standardInput: context)
    #expect(variable.standardOutput == "Hello\n")
  }

  @Test func timezoneAndNow() async throws {
    let result = try await runner.run([
      "eval", "{{formatDate(now; YYYY-MM-DD HH:mm)}}", "--timezone", "Europe/Prague", "--now", "2026-01-02T03:04:05Z",
    ])
    #expect(result.exitCode == 0, "\(result.standardError)")
    #expect(result.standardOutput == "2026-01-02 04:04\n")
  }

  @Test func unknownFunctionShowsColumnAndHint() async throws {
    let result = try await runner.run(["eval", "Hi {{1.name}} {{uper(1.name)}}"])
    #expect(result.exitCode == 1)
    #expect(result.standardOutput.isEmpty)
    #expect(
      result.standardError == """
        <template>:1:17: error: unknown function 'uper'
        Hi {{1.name}} {{uper(1.name)}}
                        ^~~~
        hint: Did you mean 'upper'?

        """)
  }

  @Test func evaluationErrorExitsOne() async throws {
    let result = try await runner.run(["eval", "{{parseDate(soon; YYYY-MM-DD)}}"])
    #expect(result.exitCode == 1)
    #expect(
      result.standardError.hasPrefix(
        "<template>:1:3: error: 'parseDate' cannot read 'soon' with the format 'YYYY-MM-DD'"))
  }

  @Test(arguments: [
    ["eval"],
    ["eval", "{{1}}", "--format", "xml"],
    ["eval", "{{1}}", "--timezone", "Mars/Olympus"],
    ["eval", "{{1}}", "--context", "/nonexistent/context.json"],
    ["eval", "{{1}}", "--bogus"],
  ])
  func usageErrorsExitTwo(arguments: [String]) async throws {
    let result = try await runner.run(arguments)
    #expect(result.exitCode == 2, "\(result.standardError)")
    #expect(!result.standardError.isEmpty)
  }

  @Test func invalidContextExitsTwo() async throws {
    let result = try await runner.run(["eval", "{{1.a}}", "--context", "-"], standardInput: "{not json")
    #expect(result.exitCode == 2)
    #expect(result.standardError.hasPrefix("error: the context is not valid JSON"))
  }
}
