import Foundation
import SonarflowTesting
import Testing

/// `sonarflow modules` and `sonarflow schema`.
@Suite struct CatalogueCommandsTests {
  let sonarflow: CommandRunner

  init() throws {
    sonarflow = try CommandRunner()
  }

  @Test func listsEveryModule() async throws {
    let result = try await sonarflow.run(["modules"])
    #expect(result.exitCode == 0)
    for name in ["sonar.watchNewCustomer", "sonar.sendMessage", "sonar.apiCall", "flow.router", "http.watch"] {
      #expect(result.standardOutput.contains(name))
    }
  }

  @Test func describesOneModuleWithItsFieldsAndOutput() async throws {
    let result = try await sonarflow.run(["modules", "sonar.sendMessage"])
    #expect(result.exitCode == 0)
    #expect(result.standardOutput.hasPrefix("sonar.sendMessage — Send a Message (Sonar, action)\n"))
    #expect(result.standardOutput.contains("  phoneNumber: phone number (required)"))
    #expect(result.standardOutput.contains("  tagNames: list of text"))
    #expect(result.standardOutput.contains("output:\n  to: text"))
  }

  @Test func jsonDescribesTypes() async throws {
    let result = try await sonarflow.run(["modules", "sonar.apiCall", "--format", "json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(object["name"] as? String == "sonar.apiCall")
    let fields = try #require(object["fields"] as? [[String: Any]])
    #expect(fields.map { $0["name"] as? String } == ["url", "method", "headers", "query", "body"])
    let method = try #require(fields[1]["type"] as? [String: Any])
    #expect(method["options"] as? [String] == ["GET", "POST", "PUT", "PATCH", "DELETE"])
  }

  @Test func unknownModuleSuggests() async throws {
    let result = try await sonarflow.run(["modules", "sonar.sendMesage"])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("unknown module 'sonar.sendMesage'"))
    #expect(result.standardError.contains("Did you mean 'sonar.sendMessage'?"))
  }

  @Test func schemaCommandPrintsTheCheckedInSchema() async throws {
    let result = try await sonarflow.run(["schema"])
    #expect(result.exitCode == 0)
    let checkedIn = try String(
      contentsOf: Fixture.repositoryRoot.appendingPathComponent("sonarflow.schema.json"), encoding: .utf8)
    #expect(result.standardOutput == checkedIn)
  }

  @Test func helpExitsZero() async throws {
    let result = try await sonarflow.run(["--help"])
    #expect(result.exitCode == 0)
    #expect(result.standardOutput.contains("validate"))
  }
}
