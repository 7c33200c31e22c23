import Basics
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
    // Byte-wise: this runs for every key of every recorded bundle, and `lowercased()` plus
    // `replacingOccurrences` (through NSString) was a tenth of a webhook execution's CPU time.
    // A non-ASCII name takes the Unicode path (a Kelvin sign lowers to "k").
    guard name.utf8.allSatisfy({ $0 < 0x80 }) else {
      let normalized = name.lowercased().replacingOccurrences(of: "_", with: "-")
      return sensitiveNames.contains(normalized) || sensitiveNames.contains { normalized.hasSuffix("-" + $0) }
    }
    var normalized: [UInt8] = []
    normalized.reserveCapacity(name.utf8.count)
    for byte in name.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): normalized.append(byte + 32)
      case UInt8(ascii: "_"): normalized.append(UInt8(ascii: "-"))
      default: normalized.append(byte)
      }
    }
    for sensitive in sensitiveNameBytes {
      if normalized == sensitive { return true }
      if normalized.count > sensitive.count, normalized[normalized.count - sensitive.count - 1] == UInt8(ascii: "-"),
        normalized.suffix(sensitive.count).elementsEqual(sensitive)
      {
        return true
      }
    }
    return false
  }

  private static let sensitiveNameBytes = sensitiveNames.map { Array($0.utf8) }

  /// Words of which every sensitive name contains one (`api-key` and `apikey` both contain "api",
  /// then "key"; the check looks for "apikey", "api-key" and "api_key"). JSON in which none occurs,
  /// case-insensitively, has no sensitive key or header name.
  private static let sensitiveWords: [[UInt8]] = [
    "authorization", "token", "api-key", "api_key", "apikey", "password", "secret", "cookie",
  ].map { Array($0.utf8) }

  /// Whether `bytes` certainly contain nothing to redact: no backslash (an escape could spell a
  /// name or a secret differently), no sensitive word in any letter case, and no secret's bytes.
  /// Then the tree walk would change nothing, and parsing the tree is most of its cost.
  private static func hasNothingToRedact(_ bytes: UnsafeRawBufferPointer, normalizedSecrets secrets: [String]) -> Bool {
    if bytes.contains(UInt8(ascii: "\\")) { return false }
    // The one non-ASCII character `lowercased()` turns into an ASCII letter: the Kelvin sign (k).
    if contains(bytes, [0xE2, 0x84, 0xAA], ignoringASCIICase: false) { return false }
    for word in sensitiveWords where contains(bytes, word, ignoringASCIICase: true) { return false }
    for secret in secrets where contains(bytes, Array(secret.utf8), ignoringASCIICase: false) { return false }
    return true
  }

  private static func contains(_ bytes: UnsafeRawBufferPointer, _ needle: [UInt8], ignoringASCIICase: Bool) -> Bool {
    guard let first = needle.first, bytes.count >= needle.count else { return false }
    let lower: (UInt8) -> UInt8 = { ignoringASCIICase && $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    var start = 0
    while start <= bytes.count - needle.count {
      if lower(bytes[start]) == first {
        var index = 1
        while index < needle.count && lower(bytes[start + index]) == needle[index] { index += 1 }
        if index == needle.count { return true }
      }
      start += 1
    }
    return false
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
      operation.exchanges = operation.exchanges.map { redact(json: $0, normalizedSecrets: secrets) }
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
      operation.exchanges = nil
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
    // Most bundles hold nothing to redact: skip parsing them into a tree.
    if data.withUnsafeBytes({ hasNothingToRedact($0, normalizedSecrets: secrets) }) { return data }
    // Read verbatim, so the rewrite changes nothing but what it redacts: every member of an
    // object that repeats a key, and numbers as written.
    guard let tree = try? JSONParser.parse(Array(data), options: .verbatim) else {
      return secrets.reduce(data) { replaceBytes(of: $1, in: $0) }
    }
    let redacted = redact(tree, secrets: secrets)
    return redacted == tree ? data : Data(redacted.serialized.utf8)
  }

  private static func redact(_ tree: JSONValue, secrets: [String]) -> JSONValue {
    switch tree {
    case .object(let object):
      let members = object.entries
      // A header list entry: {"key": "Authorization", "value": "…"} (or "name" for "key").
      let isSensitiveEntry = members.contains { member in
        guard ["key", "name"].contains(member.key.lowercased()), case .string(let name) = member.value
        else { return false }
        return isSensitive(name: name)
      }
      return .object(
        JSONObject(
          entries: members.map { member in
            let key = redact(text: member.key, normalizedSecrets: secrets)
            if member.value != .null,
              isSensitive(name: member.key) || (isSensitiveEntry && member.key.lowercased() == "value")
            {
              return JSONObject.Entry(key: key, value: .string(replacement))
            }
            return JSONObject.Entry(key: key, value: redact(member.value, secrets: secrets))
          }))
    case .array(let items):
      return .array(items.map { redact($0, secrets: secrets) })
    case .string(let text):
      return .string(redact(text: text, normalizedSecrets: secrets))
    case .numberText(let text):
      return secrets.contains(text) ? .string(replacement) : tree
    case .int(let number):
      return secrets.contains(String(number)) ? .string(replacement) : tree
    case .double, .bool, .null:
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
