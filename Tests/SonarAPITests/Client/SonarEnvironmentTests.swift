import SonarAPI
import Testing

@Suite struct SonarEnvironmentTests {
  @Test func liveSandboxAndOverride() throws {
    #expect(
      try SonarEnvironment.resolve(sandbox: false).baseURL == "https://www.sendsonar.com/api/v1")
    #expect(
      try SonarEnvironment.resolve(sandbox: true).baseURL == "https://sandbox.sendsonar.com/api/v1")
    let local = try SonarEnvironment.resolve(
      sandbox: true, overrideURL: "http://127.0.0.1:8080/api/v1/")
    #expect(local.baseURL == "http://127.0.0.1:8080/api/v1")
    #expect(local.hostDescription == "127.0.0.1:8080")
  }

  @Test(arguments: [
    "ftp://x/api/v1", "not a url", "http:///api/v1", "http://u:p@h/api/v1", "http://h/api?x=1",
    "http://h/a/../b",
  ])
  func refusesBadBaseURLs(_ text: String) {
    #expect(throws: SonarError.self) { try SonarEnvironment(baseURL: text) }
  }
}
