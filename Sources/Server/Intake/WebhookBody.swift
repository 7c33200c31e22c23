import Crypto
import Expressions
import Foundation
import OrderedCollections

/// A webhook request body turned into trigger bundles, and the key that de-duplicates it.
struct WebhookBody: Sendable {
  var bundles: [Value]
  var dedupeKey: String
  /// What the queue stores: the request's own JSON text when it was JSON (no second
  /// serialisation on the intake path), else the bundles as a JSON array.
  var storedText: String

  struct Rejection: Error, Sendable {
    var message: String
  }

  /// Sonar events must be JSON objects; custom webhooks take any JSON object or array of objects,
  /// or a form (`application/x-www-form-urlencoded`), and an empty body is an empty bundle.
  static func parse(_ bytes: [UInt8], contentType: String?, isSonarEvent: Bool) throws(Rejection) -> WebhookBody {
    let type = contentType?.lowercased() ?? ""
    var bundles: [Value]
    var raw: String?
    if type.hasPrefix("application/x-www-form-urlencoded") && !isSonarEvent {
      bundles = [form(String(decoding: bytes, as: UTF8.self))]
    } else if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      if isSonarEvent { throw Rejection(message: "the body is empty: a Sonar event is a JSON object") }
      bundles = [.collection([:])]
    } else {
      let value: Value
      do {
        value = try Value(jsonBytes: bytes)
      } catch {
        throw Rejection(message: "the body is not valid JSON: \(error)")
      }
      raw = String(decoding: bytes, as: UTF8.self)
      switch value {
      case .collection:
        bundles = [value]
      case .array(let items) where !isSonarEvent:
        for (index, item) in items.enumerated() {
          guard case .collection = item else {
            throw Rejection(message: "item \(index + 1) of the array is \(item.kind.rawValue), not a JSON object")
          }
        }
        bundles = items
      default:
        throw Rejection(
          message:
            "the body is \(value.kind.rawValue): expected a JSON object\(isSonarEvent ? "" : " or an array of objects")"
        )
      }
    }
    let key: String
    if bundles.count == 1, case .collection(let fields) = bundles[0], case .text(let uuid)? = fields["uuid"],
      !uuid.isEmpty
    {
      key = "uuid:" + uuid
    } else {
      key = "sha256:" + Hexadecimal.lowercase(SHA256.hash(data: bytes))
    }
    return WebhookBody(bundles: bundles, dedupeKey: key, storedText: raw ?? Value.array(bundles).jsonText())
  }

  /// The bundles of a stored body: an object is one bundle, an array holds several.
  static func bundles(fromStored text: String) throws -> [Value] {
    switch try Value(jsonText: text) {
    case .array(let items): return items
    case let object: return [object]
    }
  }

  private static func form(_ text: String) -> Value {
    var fields = OrderedDictionary<String, Value>()
    for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      fields[decode(parts[0])] = .text(parts.count > 1 ? decode(parts[1]) : "")
    }
    return .collection(fields)
  }

  private static func decode(_ part: Substring) -> String {
    let spaced = part.replacingOccurrences(of: "+", with: " ")
    return spaced.removingPercentEncoding ?? spaced
  }
}
