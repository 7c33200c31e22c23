import Crypto
import Foundation
import NIOHTTP1
import SonarflowTesting
import Testing

/// Forged webhooks run nothing and store nothing: the secret URL, the signature, the header
/// secret and the allow-list, each refused on its own while the right request runs.
@Suite(.serialized) struct HookAuthenticationTests {
  static let signingKey = "shop-signing-key-0123456789"
  static let headerToken = "header-token-abcdef"

  static func scenario(name: String, hook: String, params: String) -> String {
    """
    name: \(name)
    trigger:
      module: webhook.custom
      params:
        webhookName: \(hook)
    \(params.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    flow:
      - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.n}}" } }
    """
  }

  /// The `n` of every execution of `scenario` once the marker `n` has run (deliveries run oldest
  /// first, so anything a refused request had queued would have run before it).
  private func ranValues(_ harness: ServeHarness, scenario: String, marker: String) async throws -> [String] {
    let executions = try await harness.waitForExecutions(scenario: scenario) { records in
      records.contains { ($0.triggerJSON as? [String: Any])?["n"] as? String == marker }
    }
    return executions.compactMap { ($0.triggerJSON as? [String: Any])?["n"] as? String }.sorted()
  }

  @Test func aHookAnswersOnlyAtItsSecretURL() async throws {
    let harness = try ServeHarness()
    try harness.write("plain.yaml", Self.scenario(name: "Plain", hook: "plain", params: ""))
    let serve = try await harness.start()
    let path = try await serve.hook("plain")
    let secret = String(path.split(separator: "/").last ?? "")
    #expect(secret.count == 32)

    let unknown = try await serve.post("/hooks/nobody/\(secret)", body: #"{"n": "unknown"}"#)
    let missing = try await serve.post("/hooks/plain", body: #"{"n": "missing"}"#)
    let wrong = try await serve.post("/hooks/plain/\(String(secret.reversed()))", body: #"{"n": "wrong"}"#)
    let short = try await serve.post("/hooks/plain/\(secret.prefix(31))", body: #"{"n": "short"}"#)
    #expect(unknown.status == 404)
    // Exactly the answer of an unknown hook, so a wrong secret tells nothing.
    for forged in [missing, wrong, short] {
      #expect(forged.status == 404)
      #expect(forged.body == #"{"error":"no scenario listens at /hooks/plain"}"#)
    }
    #expect(try await serve.post(path, body: #"{"n": "right"}"#).status == 200)
    #expect(try await ranValues(harness, scenario: "Plain", marker: "right") == ["right"])
    #expect(await serve.stop() == 0)
  }

  @Test func aSignatureIsRequiredWhenConfigured() async throws {
    let harness = try ServeHarness()
    // GitHub's shape (hex, 'sha256=' prefix) and Shopify's (base64, no prefix).
    try harness.write(
      "github.yaml",
      Self.scenario(
        name: "GitHub", hook: "github",
        params: #"signature: { header: X-Hub-Signature-256, prefix: "sha256=", secret: env:SIGNING_KEY }"#))
    try harness.write(
      "shop.yaml",
      Self.scenario(
        name: "Shop", hook: "shop",
        params: "signature: { header: X-Shopify-Hmac-Sha256, encoding: base64, secret: env:SIGNING_KEY }"))
    let serve = try await harness.start(environment: ["SIGNING_KEY": Self.signingKey])
    let key = SymmetricKey(data: Data(Self.signingKey.utf8))
    func mac(_ body: String) -> Data { Data(HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: key)) }
    func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }

    let github = try await serve.hook("github")
    let good = #"{"n": "signed"}"#
    let tampered = #"{"n": "tampered"}"#
    #expect(try await serve.post(github, body: tampered).status == 401)
    let forged = try await serve.post(
      github, body: tampered, headers: [("X-Hub-Signature-256", "sha256=" + hex(mac(good)))])
    #expect(forged.status == 401)
    #expect(forged.body.contains("signature or header secret"))
    let unprefixed = try await serve.post(
      github, body: tampered, headers: [("X-Hub-Signature-256", hex(mac(tampered)))])
    #expect(unprefixed.status == 401)
    #expect(
      try await serve.post(github, body: good, headers: [("X-Hub-Signature-256", "sha256=" + hex(mac(good)))]).status
        == 200)
    #expect(try await ranValues(harness, scenario: "GitHub", marker: "signed") == ["signed"])

    let shop = try await serve.hook("shop")
    let shopBody = #"{"n": "order"}"#
    #expect(
      try await serve.post(shop, body: shopBody, headers: [("X-Shopify-Hmac-Sha256", hex(mac(shopBody)))]).status
        == 401)
    #expect(
      try await serve.post(
        shop, body: shopBody, headers: [("X-Shopify-Hmac-Sha256", mac(shopBody).base64EncodedString())]
      ).status == 200)
    #expect(try await ranValues(harness, scenario: "Shop", marker: "order") == ["order"])
    #expect(await serve.stop() == 0)
  }

  @Test func aHeaderSecretIsRequiredWhenConfigured() async throws {
    let harness = try ServeHarness()
    let tokenFile = harness.folder.appendingPathComponent("token")
    try Data((Self.headerToken + "\n").utf8).write(to: tokenFile)
    try harness.write(
      "token.yaml",
      Self.scenario(
        name: "Token", hook: "token",
        params: "headerSecret: { header: X-Webhook-Token, secret: file:\(tokenFile.path) }"))
    let serve = try await harness.start()
    let path = try await serve.hook("token")
    #expect(try await serve.post(path, body: #"{"n": "none"}"#).status == 401)
    #expect(
      try await serve.post(path, body: #"{"n": "wrong"}"#, headers: [("X-Webhook-Token", "header-token-abcdeg")]).status
        == 401)
    #expect(
      try await serve.post(path, body: #"{"n": "right"}"#, headers: [("X-Webhook-Token", Self.headerToken)]).status
        == 200)
    #expect(try await ranValues(harness, scenario: "Token", marker: "right") == ["right"])
    #expect(await serve.stop() == 0)
  }

  @Test func anAllowListRefusesOtherPeers() async throws {
    let harness = try ServeHarness()
    // The test connects from 127.0.0.1.
    try harness.write(
      "closed.yaml", Self.scenario(name: "Closed", hook: "closed", params: #"allowFrom: [10.0.0.0/8, "2001:db8::/32"]"#)
    )
    try harness.write("open.yaml", Self.scenario(name: "Open", hook: "open", params: "allowFrom: [127.0.0.0/8]"))
    let serve = try await harness.start()
    let refused = try await serve.post(try await serve.hook("closed"), body: #"{"n": "refused"}"#)
    #expect(refused.status == 403)
    #expect(try await serve.post(try await serve.hook("open"), body: #"{"n": "allowed"}"#).status == 200)
    #expect(try await ranValues(harness, scenario: "Open", marker: "allowed") == ["allowed"])
    #expect(try await harness.executions(scenario: "Closed").isEmpty)
    #expect(await serve.stop() == 0)
  }

  @Test func anUnsetSecretVariableStopsTheStart() async throws {
    let harness = try ServeHarness()
    try harness.write(
      "shop.yaml",
      Self.scenario(
        name: "Shop", hook: "shop", params: "signature: { header: X-Sig, secret: env:SONARFLOW_TEST_UNSET_KEY }"))
    let result = try await CommandRunner().run([
      "serve", harness.scenarios.path, "--port", "0", "--db", harness.database,
    ])
    #expect(result.exitCode == 2)
    #expect(
      result.standardError.contains(
        "webhook.custom 'signature.secret': the environment variable SONARFLOW_TEST_UNSET_KEY is not set"),
      "\(result.standardError)")
  }

  @Test(arguments: ["/hooks/plain", "/hooks/plain/anything", "/hooks/nobody"])
  func otherMethodsAreTold405WithAllow(_ path: String) async throws {
    let harness = try ServeHarness()
    try harness.write("plain.yaml", Self.scenario(name: "Plain", hook: "plain", params: ""))
    let serve = try await harness.start()
    for method in [HTTPMethod.GET, .PUT, .DELETE, .PATCH] {
      let answer = try await serve.request(method, path)
      #expect(answer.status == 405, "\(method) \(path)")
      #expect(answer.headers.contains { $0.0.lowercased() == "allow" && $0.1 == "POST" }, "\(method) \(path)")
    }
    #expect(await serve.stop() == 0)
  }
}
