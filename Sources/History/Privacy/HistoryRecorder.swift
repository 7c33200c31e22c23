/// Records executions of one scenario in a store, applying the scenario's history settings first:
/// secrets are redacted (``HistoryRedactor/redact(_:secrets:)``) and, when the scenario is
/// confidential, bundle data and error messages are dropped (``HistoryRedactor/confidential(_:)``).
///
/// The policy lives here, not in the stores, so SQLite and PostgreSQL apply the same rules and a
/// store never holds data it should not.
package struct HistoryRecorder: Sendable {
  package var store: any HistoryStore
  /// Make's "Data is confidential" setting.
  package var isConfidential: Bool
  /// Values to redact wherever they appear, in every form a server may echo them
  /// (``SecretForms``), such as the Sonar token.
  package var secrets: [String] {
    didSet { secretForms = SecretForms.expanded(secrets) }
  }
  /// `secrets` in all their forms, worked out once rather than for every record.
  private var secretForms: [String]

  package init(store: any HistoryStore, isConfidential: Bool = false, secrets: [String] = []) {
    self.store = store
    self.isConfidential = isConfidential
    self.secrets = secrets
    secretForms = SecretForms.expanded(secrets)
  }

  /// The record as it will be stored.
  package func prepare(_ execution: ExecutionRecord) -> ExecutionRecord {
    let stripped = isConfidential ? HistoryRedactor.confidential(execution) : execution
    return HistoryRedactor.redact(stripped, secrets: secretForms)
  }

  package func begin(_ execution: ExecutionRecord) async throws {
    try await store.begin(prepare(execution))
  }

  /// Returns once the prepared record is durable (see ``HistoryStore/finish(_:)``).
  package func finish(_ execution: ExecutionRecord) async throws {
    try await store.finish(prepare(execution))
  }
}
