package import Basics

/// `application/x-www-form-urlencoded` with Rails-style nesting, the encoding of every recorded
/// Sonar request: `properties[great_customer]=true`, `tag_names[]=vip`.
package enum FormEncoding {
  /// Encodes an object as a form body. Nested objects become `key[sub]=…`, arrays `key[]=…`; nulls
  /// are left out.
  package static func encode(_ object: JSONObject) -> String {
    var pairs: [String] = []
    for entry in object.entries { append(entry.value, name: escape(entry.key), to: &pairs) }
    return pairs.joined(separator: "&")
  }

  private static func append(_ value: JSONValue, name: String, to pairs: inout [String]) {
    switch value {
    case .null: return
    case .array(let items):
      for item in items { append(item, name: name + "[]", to: &pairs) }
    case .object(let object):
      for entry in object.entries {
        append(entry.value, name: name + "[" + escape(entry.key) + "]", to: &pairs)
      }
    default:
      pairs.append(name + "=" + escape(value.stringValue ?? ""))
    }
  }

  /// Percent-encodes everything except the unreserved characters of RFC 3986.
  package static func escape(_ text: String) -> String {
    var output = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"),
        UInt8(ascii: "~"):
        output.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        output += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return output
  }

  /// Decodes `%XX` and `+`; invalid escapes are kept as written.
  package static func unescape(_ text: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = Array(text.utf8)[...]
    while let byte = iterator.popFirst() {
      if byte == UInt8(ascii: "+") {
        bytes.append(UInt8(ascii: " "))
      } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
        let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(value)
        iterator = iterator.dropFirst(2)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Decodes a form body (or a query string) into an object, undoing the Rails nesting:
  /// `webhook[settings][customer_created]=true` becomes nested objects, `tag_names[]=a` an array.
  /// Malformed names (unbalanced brackets) are kept as plain keys.
  package static func decode(_ body: String) -> JSONObject {
    var root = JSONObject()
    for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = unescape(String(parts[0]))
      let value = parts.count > 1 ? unescape(String(parts[1])) : ""
      guard !name.isEmpty else { continue }
      insert(.string(value), path: path(of: name), into: &root)
    }
    return root
  }

  /// `a[b][]` → `["a", "b", ""]`; an empty component means "append to an array".
  private static func path(of name: String) -> [String] {
    guard let open = name.firstIndex(of: "["), name.hasSuffix("]"), open != name.startIndex else {
      return [name]
    }
    var components = [String(name[..<open])]
    var rest = name[open...]
    while !rest.isEmpty {
      guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return [name] }
      components.append(String(rest[rest.index(after: rest.startIndex)..<close]))
      rest = rest[rest.index(after: close)...]
    }
    // Bound the nesting so a hostile body cannot build deep structures.
    return components.count > 8 ? [name] : components
  }

  private static func insert(_ value: JSONValue, path: [String], into object: inout JSONObject) {
    guard let head = path.first else { return }
    let rest = Array(path.dropFirst())
    if rest.isEmpty {
      object[head] = value
      return
    }
    if rest == [""] {
      var items = object[head]?.arrayValue ?? []
      items.append(value)
      object[head] = .array(items)
      return
    }
    guard rest.first?.isEmpty == false else {
      object[head] = value
      return
    }
    var child = object[head]?.objectValue ?? JSONObject()
    insert(value, path: rest, into: &child)
    object[head] = .object(child)
  }
}
