package import Foundation
package import History
import Logging
import PostgresNIO

/// Each served hook's secret URL segment (`webhook_secrets`), shared by every runner: runners
/// starting together insert with `ON CONFLICT DO NOTHING`, so the first insert wins and all of
/// them read the same secret back.
extension PostgresHistory: WebhookSecretStore {
  package func webhookSecrets(creatingFor hooks: [String]) async throws -> [String: String] {
    guard !hooks.isEmpty else { return [:] }
    let candidates = hooks.map { _ in WebhookSecret.generate() }
    return try await access {
      try await client.withConnection { connection in
        try await connection.query(
          """
          INSERT INTO \(unescaped: schema.webhookSecrets) (hook, secret)
          SELECT * FROM unnest(\(hooks)::text[], \(candidates)::text[])
          ON CONFLICT (hook) DO NOTHING
          """, logger: logger)
        return try await Self.secrets(
          "SELECT hook, secret FROM \(unescaped: schema.webhookSecrets) WHERE hook = ANY(\(hooks)::text[])",
          connection: connection, logger: logger)
      }
    }
  }

  package func webhookSecrets() async throws -> [String: String] {
    try await access {
      try await client.withConnection { connection in
        try await Self.secrets(
          "SELECT hook, secret FROM \(unescaped: schema.webhookSecrets)", connection: connection, logger: logger)
      }
    }
  }

  package func rotateWebhookSecret(hook: String) async throws -> String? {
    let secret = WebhookSecret.generate()
    return try await access {
      try await client.withConnection { connection in
        let rotated = try await Self.secrets(
          """
          UPDATE \(unescaped: schema.webhookSecrets) SET secret = \(secret), rotated_at = now()
          WHERE hook = \(hook) RETURNING hook, secret
          """, connection: connection, logger: logger)
        return rotated[hook]
      }
    }
  }

  package func probeWrite() async throws {
    _ = try await access {
      try await client.query(
        """
        INSERT INTO \(unescaped: schema.writeProbe) (id, probed_at) VALUES (1, now())
        ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at
        """, logger: logger)
    }
  }

  private static func secrets(
    _ query: PostgresQuery, connection: PostgresConnection, logger: Logger
  ) async throws -> [String: String] {
    var secrets: [String: String] = [:]
    for try await (hook, secret) in try await connection.query(query, logger: logger).decode((String, String).self) {
      secrets[hook] = secret
    }
    return secrets
  }
}
