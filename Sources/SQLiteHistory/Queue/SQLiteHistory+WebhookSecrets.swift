package import Foundation
import GRDB
package import History

/// Each served hook's secret URL segment (`webhook_secrets`). `INSERT OR IGNORE` on the hook's
/// primary key makes creation race-free between processes: the first insert wins and every
/// caller reads its secret back.
extension SQLiteHistory: WebhookSecretStore {
  package func webhookSecrets(creatingFor hooks: [String]) async throws -> [String: String] {
    guard !hooks.isEmpty else { return [:] }
    return try await access {
      try await write { db in
        let now = Date().timeIntervalSince1970
        for hook in hooks {
          try db.execute(
            sql: "INSERT OR IGNORE INTO webhook_secrets (hook, secret, created_at) VALUES (?, ?, ?)",
            arguments: [hook, WebhookSecret.generate(), now])
        }
        return try Self.secrets(db).filter { hooks.contains($0.key) }
      }
    }
  }

  package func webhookSecrets() async throws -> [String: String] {
    try await access {
      try await pool.read(Self.secrets)
    }
  }

  package func rotateWebhookSecret(hook: String) async throws -> String? {
    try await access {
      try await write { db in
        let secret = WebhookSecret.generate()
        try db.execute(
          sql: "UPDATE webhook_secrets SET secret = ?, rotated_at = ? WHERE hook = ?",
          arguments: [secret, Date().timeIntervalSince1970, hook])
        return db.changesCount == 0 ? nil : secret
      }
    }
  }

  private static func secrets(_ db: Database) throws -> [String: String] {
    var secrets: [String: String] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT hook, secret FROM webhook_secrets") {
      secrets[row["hook"]] = row["secret"]
    }
    return secrets
  }
}

extension SQLiteHistory {
  package func probeWrite() async throws {
    try await access {
      try await write { db in
        try db.execute(
          sql: "INSERT OR REPLACE INTO write_probe (id, probed_at) VALUES (1, ?)",
          arguments: [Date().timeIntervalSince1970])
      }
    }
  }

  /// Runs `PRAGMA quick_check` (a few seconds per GB: pages, records and their order, without
  /// checking indexes against tables) and throws `failedIntegrityCheck` with its findings when the
  /// file is damaged. `serve` runs it once at start.
  package func checkIntegrity() async throws {
    let findings: [String]
    do {
      findings = try await pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
    } catch {
      // A page damaged badly enough makes the check itself fail (SQLITE_CORRUPT).
      findings = [Self.reason(error)]
    }
    guard findings != ["ok"] else { return }
    throw SQLiteHistoryError.failedIntegrityCheck(path: path, findings: findings)
  }
}
