import History
import Testing

@testable import Server

@Suite struct WebhookSecretsTests {
  /// Every hook secret the runner has known stays out of its log, a rotated-out one too (a
  /// registration error may still quote the old URL).
  @Test func everySecretKnownJoinsTheLogsSecrets() {
    let log = LogSecrets()
    let secrets = WebhookSecrets(["orders": "first-secret-0123456789abcdef"], logSecrets: log)
    secrets.replace(with: ["orders": "second-secret-0123456789abcdef"])
    let line = "POST /hooks/orders/first-secret-0123456789abcdef then /hooks/orders/second-secret-0123456789abcdef"
    let redacted = HistoryRedactor.redact(text: line, secrets: log.forms)
    #expect(!redacted.contains("first-secret") && !redacted.contains("second-secret"), "\(redacted)")
    #expect(redacted.contains("/hooks/orders/"))
  }
}
