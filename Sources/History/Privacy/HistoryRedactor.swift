package import Foundation

/// Removes secrets and confidential data from records before any store sees them.
///
/// Pure functions: the same record and secrets always give the same result, and JSON that needs no
/// change is kept byte for byte.
package enum HistoryRedactor {
  /// What a secret or a sensitive value is replaced with.
  package static let replacement = "[redacted]"
  /// The message of every error of a confidential scenario (the error's type is kept).
  package static let confidentialMessage = "[confidential: message not stored]"

  /// JSON keys and header names whose values are always redacted, compared case-insensitively
  /// with `_` read as `-`. A key also matches when it ends with `-` and one of these
  /// (`access_token`, `x-api-key`, `proxy-authorization`).
  package static let sensitiveNames: Set<String> = [
    "authorization", "token", "x-token", "api-key", "apikey", "password", "secret", "cookie",
    "set-cookie",
  ]

  /// Whether values under a key (or a `{key, value}` header named) `name` are redacted.
  package static func isSensitive(name: String) -> Bool {
    let normalized = name.lowercased().replacingOccurrences(of: "_", with: "-")
    if sensitiveNames.contains(normalized) { return true }
    return sensitiveNames.contains { normalized.hasSuffix("-" + $0) }
  }

  /// `record` with every occurrence of each secret (such as the Sonar token) replaced, in all JSON
  /// (trigger bundle, resume state, operation inputs and outputs) and error messages, and with
  /// the values of sensitive keys and headers replaced by ``replacement``. Empty secrets are
  /// ignored.
  package static func redact(_ record: ExecutionRecord, secrets: [String]) -> ExecutionRecord {
    let secrets = normalized(secrets)
    var record = record
    record.triggerBundle = record.triggerBundle.map { redact(json: $0, normalizedSecrets: secrets) }
    record.resumeState = record.resumeState.map { redact(json: $0, normalizedSecrets: secrets) }
    if let message = record.error?.message {
      record.error?.message = redact(text: message, normalizedSecrets: secrets)
    }
    record.operationLog = record.operationLog.map { operation in
      var operation = operation
      operation.input = operation.input.map { redact(json: $0, normalizedSecrets: secrets) }
      operation.output = operation.output.map { redact(json: $0, normalizedSecrets: secrets) }
      if let message = operation.error?.message {
        operation.error?.message = redact(text: message, normalizedSecrets: secrets)
      }
      return operation
    }
    return record
  }

  /// `record` as a confidential scenario stores it: no trigger bundle, inputs or outputs, and
  /// error messages replaced by ``confidentialMessage``. Ids, statuses, timings, counts, error
  /// types and locations stay; so does the resume state, which resuming needs.
  package static func confidential(_ record: ExecutionRecord) -> ExecutionRecord {
    var record = record
    record.triggerBundle = nil
    record.error?.message = confidentialMessage
    record.operationLog = record.operationLog.map { operation in
      var operation = operation
      operation.input = nil
      operation.output = nil
      operation.error?.message = confidentialMessage
      return operation
    }
    return record
  }

  /// JSON bytes with secrets and sensitive values redacted; bytes that are not JSON get a plain
  /// byte-for-byte replacement of each secret.
  package static func redact(json data: Data, secrets: [String]) -> Data {
    redact(json: data, normalizedSecrets: normalized(secrets))
  }

  /// `text` with every occurrence of each secret replaced.
  package static func redact(text: String, secrets: [String]) -> String {
    redact(text: text, normalizedSecrets: normalized(secrets))
  }

  /// Non-empty, longest first, so a secret containing another is replaced whole.
  /// Secrets shorter than this are not searched for in text: replacing every "x" of a one-letter
  /// test token would destroy the data and protect nothing (real Sonar tokens are long).
  package static let minimumSecretLength = 6

  private static func normalized(_ secrets: [String]) -> [String] {
    Array(Set(secrets.filter { $0.count >= minimumSecretLength })).sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
  }

  private static func redact(text: String, normalizedSecrets secrets: [String]) -> String {
    secrets.reduce(text) { text, secret in
      text.replacingOccurrences(of: secret, with: replacement)
    }
  }

  private static func redact(json data: Data, normalizedSecrets secrets: [String]) -> Data {
    guard let tree = JSONTree.parse(data) else {
      return secrets.reduce(data) { replaceBytes(of: $1, in: $0) }
    }
    let redacted = redact(tree, secrets: secrets)
    return redacted == tree ? data : redacted.data
  }

  private static func redact(_ tree: JSONTree, secrets: [String]) -> JSONTree {
    switch tree {
    case .object(let members):
      // A header list entry: {"key": "Authorization", "value": "…"} (or "name" for "key").
      let isSensitiveEntry = members.contains { member in
        guard ["key", "name"].contains(member.key.lowercased()), case .string(let name) = member.value
        else { return false }
        return isSensitive(name: name)
      }
      return .object(
        members.map { member in
          let key = redact(text: member.key, normalizedSecrets: secrets)
          if member.value != .null,
            isSensitive(name: member.key) || (isSensitiveEntry && member.key.lowercased() == "value")
          {
            return (key, .string(replacement))
          }
          return (key, redact(member.value, secrets: secrets))
        })
    case .array(let items):
      return .array(items.map { redact($0, secrets: secrets) })
    case .string(let text):
      return .string(redact(text: text, normalizedSecrets: secrets))
    case .number(let text):
      return secrets.contains(text) ? .string(replacement) : tree
    case .bool, .null:
      return tree
    }
  }

  private static func replaceBytes(of secret: String, in data: Data) -> Data {
    let needle = Array(secret.utf8)
    let bytes = Array(data)
    guard !needle.isEmpty, bytes.count >= needle.count else { return data }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    var changed = false
    while index < bytes.count {
      if index + needle.count <= bytes.count, bytes[index] == needle[0],
        bytes[index..<index + needle.count].elementsEqual(needle)
      {
        out.append(contentsOf: replacement.utf8)
        index += needle.count
        changed = true
      } else {
        out.append(bytes[index])
        index += 1
      }
    }
    return changed ? Data(out) : data
  }
}
