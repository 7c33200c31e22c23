import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// `webhook.custom`'s signature, header secret and allow-list: secrets only by reference, networks
/// that parse.
@Suite struct WebhookAuthenticationChecksTests {
  @Test func referencesAndNetworksAreAccepted() {
    let marked = Self.customWebhook(
      """
      signature: { header: X-Shopify-Hmac-Sha256, encoding: base64, secret: env:SHOP_SECRET }
      headerSecret: { header: X-Token, secret: file:/etc/sonarflow/token }
      allowFrom: [203.0.113.0/24, "2001:db8::/32", 198.51.100.7]
      """)
    #expect(validate(marked).filter { $0.severity == .error }.isEmpty, "\(validate(marked).map(\.message))")
  }

  @Test func aLiteralSecretIsAnErrorThatNeverQuotesIt() {
    let marked = Self.customWebhook(
      """
      signature: { header: X-Hub-Signature-256, prefix: "sha256=", secret: 1️⃣hunter2-very-secret }
      headerSecret: { header: X-Token, secret: 2️⃣"s3cr3t" }
      """)
    let found = expectDiagnostic(
      "field.literalSecret", at: "1️⃣", in: marked,
      message:
        "'signature.secret' holds a literal secret; secrets are read from the environment or a file, never from the scenario"
    )
    #expect(found?.fixHint?.contains("env:NAME") == true)
    expectDiagnostic("field.literalSecret", at: "2️⃣", in: marked)
    for diagnostic in validate(marked) {
      #expect(!diagnostic.message.contains("hunter2") && !(diagnostic.fixHint ?? "").contains("hunter2"))
      #expect(!diagnostic.message.contains("s3cr3t"))
    }
  }

  @Test func aMalformedReferenceSaysWhatToWrite() {
    let marked = Self.customWebhook(
      """
      headerSecret: { header: X-Token, secret: 1️⃣"env:9LIVES" }
      signature: { header: X-Sig, secret: 2️⃣"file:relative/path" }
      """)
    expectDiagnostic("field.invalidSecretReference", at: "1️⃣", in: marked)
    expectDiagnostic("field.invalidSecretReference", at: "2️⃣", in: marked)
  }

  @Test func aNetworkThatDoesNotParseIsAnError() {
    let marked = Self.customWebhook(
      """
      allowFrom: [10.0.0.0/8, 1️⃣10.0.0.0/33, 2️⃣example.com]
      """)
    expectDiagnostic(
      "field.invalidNetwork", at: "1️⃣", in: marked, message: "'allowFrom[2]' is not an IP network: '10.0.0.0/33'")
    expectDiagnostic("field.invalidNetwork", at: "2️⃣", in: marked)
  }

  @Test func signatureSettingsAreChecked() {
    let marked = Self.customWebhook(
      """
      signature: 1️⃣{ algorithm: 2️⃣md5, secret: env:S }
      """)
    expectDiagnostic("field.missing", at: "1️⃣", in: marked, message: "missing 'header' in 'signature'")
    expectDiagnostic("field.invalidChoice", at: "2️⃣", in: marked)
  }

  /// A `webhook.custom` scenario whose trigger has `params` (indented under `params:`) besides
  /// its `webhookName`.
  private static func customWebhook(_ params: String) -> MarkedText {
    let indented = params.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
    return MarkedText(
      """
      name: Shop
      trigger:
        module: webhook.custom
        params:
          webhookName: shop
      \(indented)
      flow:
        - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.id}}" } }
      """)
  }
}
