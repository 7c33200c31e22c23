import Foundation
import SonarflowTesting
import Testing

/// Random and damaged bodies posted to a served scenario's webhook over HTTP (the real route, on
/// SQLite): every answer is 2xx or 4xx, serve keeps answering, and its memory stays bounded.
/// Seeded: a failure names the seed that replays it (``Fuzzing``).
@Suite struct WebhookIntakeFuzzTests {
  /// Bodies the intake accepts, to damage.
  private static let corpus: [[UInt8]] = [
    #"{"customer": {"phone_number": "+13105551234", "first_name": "Ann"}, "uuid": "7c9e6679"}"#,
    #"[{"n": 1}, {"n": 2, "tags": ["a", "b"]}]"#,
    #"{"type": "customer_created", "data": {"customer": {"id": 5, "properties": {"vip": "true"}}}}"#,
    #"{"text": "héllo \u00e9 \ud83d\ude00", "nested": {"deep": [[[[1.5e3, -0, true, null]]]]}}"#,
  ].map { Array($0.utf8) }

  private static let interesting: [[UInt8]] =
    [
      "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "1e999999", "-", "0.", "nul", "true", "\u{0}",
      "9223372036854775808", String(repeating: "[", count: 600), String(repeating: "{\"a\":", count: 300),
      "\u{1B}]0;x\u{7}",
    ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0xC0, 0x80], [0xED, 0xA0, 0x80]]

  @Test func randomBodiesGetAnAnswerAndServeKeepsRunning() async throws {
    let fuzzing = Fuzzing(defaultIterations: 300)
    var generator = fuzzing.generator()
    let harness = try ServeHarness()
    try harness.write(
      "fuzz.yaml",
      """
      name: Fuzz
      trigger: { module: webhook.custom, params: { webhookName: fuzz } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: seen, value: "{{1.customer.phone_number}}" } }
      """)
    let serve = try await harness.start()
    let pid = serve.process.processIdentifier
    let before = Fuzzing.residentBytes(of: pid)
    var statuses: [Int: Int] = [:]
    let hook = try await serve.hook("fuzz")
    for iteration in 0..<fuzzing.iterations {
      let bytes: [UInt8]
      switch iteration % 8 {
      case 0:
        bytes = (0..<Int.random(in: 0...2048, using: &generator)).map { _ in
          UInt8.random(in: 0...255, using: &generator)
        }
      default:
        bytes = Mutation.mutate(
          Self.corpus.randomElement(using: &generator) ?? [], interesting: Self.interesting, using: &generator)
      }
      let contentType =
        ["application/json", "text/plain", "application/x-www-form-urlencoded", ""].randomElement(
          using: &generator) ?? ""
      let answer = try await serve.post(hook, bytes: bytes, contentType: contentType)
      statuses[answer.status, default: 0] += 1
      #expect(
        (200..<500).contains(answer.status),
        "status \(answer.status) for iteration \(iteration): \(answer.body); \(fuzzing.replay)")
    }
    #expect(try await serve.get("/readyz").status == 200, "serve stopped answering; \(fuzzing.replay)")
    #expect(serve.process.isRunning, "serve exited: \(serve.process.printed); \(fuzzing.replay)")
    let grown = Fuzzing.residentBytes(of: pid) - before
    #expect(grown < 200_000_000, "serve's memory grew by \(grown) bytes; \(fuzzing.replay)")
    // Both kinds of answer were exercised: accepted bodies and refused ones.
    #expect(statuses.keys.contains { (200..<300).contains($0) }, "\(statuses); \(fuzzing.replay)")
    #expect(statuses.keys.contains { (400..<500).contains($0) }, "\(statuses); \(fuzzing.replay)")
    #expect(await serve.stop() == 0, "\(serve.process.printed)")
  }
}
