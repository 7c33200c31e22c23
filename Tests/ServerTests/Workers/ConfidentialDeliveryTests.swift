import Foundation
import History
import SonarflowTesting
import Testing

/// A confidential scenario's webhook body is gone from every byte of the SQLite files (database,
/// WAL, shared memory) once its execution is recorded, while serve keeps running.
@Suite struct ConfidentialDeliveryTests {
  private static func scenario(_ name: String, hook: String, confidential: Bool) -> String {
    """
    name: \(name)
    settings: { confidential: \(confidential) }
    trigger: { module: webhook.custom, params: { webhookName: \(hook) } }
    flow:
      - { id: 2, module: util.setVariable, map: { name: text, value: "{{1.text}}" } }
    """
  }

  private func files(of harness: ServeHarness) -> [(String, Data)] {
    ["", "-wal", "-shm"].map { suffix in
      (suffix, FileManager.default.contents(atPath: harness.database + suffix) ?? Data())
    }
  }

  @Test func theBodyIsErasedFromTheDatabaseFiles() async throws {
    let harness = try ServeHarness()
    try harness.write("secret.yaml", Self.scenario("Secret", hook: "secret", confidential: true))
    try harness.write("open.yaml", Self.scenario("Open", hook: "open", confidential: false))
    let serve = try await harness.start()
    let secret = "confidential-\(UUID().uuidString)"
    let open = "kept-\(UUID().uuidString)"
    #expect(try await serve.post(try await serve.hook("secret"), body: #"{"text": "\#(secret)"}"#).status == 200)
    #expect(try await serve.post(try await serve.hook("open"), body: #"{"text": "\#(open)"}"#).status == 200)
    let executions = try await harness.waitForExecutions { $0.count == 2 }
    #expect(executions.map(\.status) == [.success, .success])

    // The record is visible as soon as its transaction commits; the WAL is emptied right after.
    let deadline = ContinuousClock.now.advanced(by: .seconds(30))
    var holding: [String] = []
    repeat {
      holding = files(of: harness).filter { $0.1.range(of: Data(secret.utf8)) != nil }.map { "history.sqlite\($0.0)" }
      if holding.isEmpty { break }
      try await Task.sleep(for: .milliseconds(100))
    } while ContinuousClock.now < deadline
    #expect(holding.isEmpty, "the confidential body is still in \(holding)")
    // The other scenario's body stays (until the de-duplication window ends): the scan finds bodies.
    #expect(files(of: harness).contains { $0.1.range(of: Data(open.utf8)) != nil })
    #expect(await serve.stop() == 0)
  }
}
