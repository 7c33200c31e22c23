package import Foundation

/// The one definition of what `history list --search` (and the console's `?q=`) finds: the terms
/// of an execution's trigger bundle and of its operations' inputs and outputs, as both stores
/// index them.
///
/// A term is a run of letters, digits and `@ . _ + -`, case-folded, without `. _ -` at its ends
/// (and without a `+` at its end): `+15551234567`, `order-1234`, `zoë@example.com`, `hello`. A
/// term that starts with `+` is indexed without it too, so a phone number is found with or
/// without its `+`. JSON escapes are read as what they stand for (`\u00e9` is `é`, `\n` ends a
/// term). Stores keep a 47-bit hash of each term (``hash(_:)``), not the text: the index holds no
/// bundle data, and a term's length does not matter, so nothing is left out.
package enum SearchTerms {
  /// The hashes of every term `record` is found by, sorted, each once. Empty for a record without
  /// bundles (a confidential scenario's).
  package static func hashes(of record: ExecutionRecord) -> [Int64] {
    var hashes = Set<Int64>()
    func add(_ data: Data?) {
      guard let data else { return }
      scan(data, variants: true) { hashes.insert(hash(bytes: $0)) }
    }
    add(record.triggerBundle)
    for operation in record.operationLog {
      add(operation.input)
      add(operation.output)
    }
    return hashes.sorted()
  }

  /// The hashes of the terms of a search text: an execution matches when it has every one. Empty
  /// when the text has no term (it matches nothing).
  package static func hashes(ofQuery text: String) -> [Int64] {
    var hashes: [Int64] = []
    scan(Data(text.utf8), variants: false) { term in
      let hash = hash(bytes: term)
      if !hashes.contains(hash) { hashes.append(hash) }
    }
    return hashes
  }

  /// The terms of `text` (JSON or plain text), as the index holds them.
  package static func terms(of text: String) -> [String] {
    var terms: [String] = []
    scan(Data(text.utf8), variants: true) { terms.append(String(decoding: $0, as: UTF8.self)) }
    return terms
  }

  /// FNV-1a (64 bits) of the term's UTF-8, kept to 47 bits: stable across processes and
  /// machines (Swift's `Hasher` is seeded per process), small enough for six bytes, and with a
  /// million distinct terms a false match is about one search in a hundred million.
  package static func hash(_ term: String) -> Int64 {
    hash(bytes: Array(term.utf8)[...])
  }

  private static func hash(bytes: ArraySlice<UInt8>) -> Int64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01B3
    }
    return Int64(bitPattern: hash & (1 << 47 - 1))
  }

  // MARK: - Scanning

  /// Calls `emit` with the UTF-8 of each term of `data`, case-folded. Works on bytes: ASCII (most
  /// of any bundle) is folded in place; a term with other letters is folded as a `String`.
  private static func scan(_ data: Data, variants: Bool, _ emit: (ArraySlice<UInt8>) -> Void) {
    var token: [UInt8] = []
    var isASCII = true
    func flush() {
      // Called at every separator: most find no term (and emptying an empty array allocates).
      guard !token.isEmpty else { return }
      defer {
        token.removeAll(keepingCapacity: true)
        isASCII = true
      }
      var start = token.startIndex
      var end = token.endIndex
      while start < end, trimmedAtStart(token[start]) { start += 1 }
      while end > start, trimmedAtEnd(token[end - 1]) { end -= 1 }
      guard start < end else { return }
      let term =
        isASCII ? token[start..<end] : Array(String(decoding: token[start..<end], as: UTF8.self).lowercased().utf8)[...]
      emit(term)
      if variants, term.first == UInt8(ascii: "+") {
        let bare = term.drop { $0 == UInt8(ascii: "+") }
        if !bare.isEmpty { emit(bare) }
      }
    }
    func append(_ scalar: Unicode.Scalar) {
      if scalar.isASCII {
        token.append(lowered(UInt8(scalar.value)))
      } else {
        isASCII = false
        token.append(contentsOf: String(scalar).utf8)
      }
    }
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      let bytes = raw.bindMemory(to: UInt8.self)
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        if byte < 0x80 {
          index += 1
          if isTermByte(byte) {
            token.append(lowered(byte))
          } else if byte == UInt8(ascii: "\\") {
            // A JSON escape: \uXXXX is the character it names; the others (\n, \", \\, …) end a term.
            guard index < bytes.count else { break }
            let escaped = bytes[index]
            index += 1
            if escaped == UInt8(ascii: "u"), let (scalar, next) = unicodeEscape(bytes, at: index) {
              index = next
              if isTermScalar(scalar) {
                append(scalar)
                continue
              }
            }
            flush()
          } else {
            flush()
          }
        } else {
          guard let (scalar, length) = decodeUTF8(bytes, at: index) else {
            // Not UTF-8: a separator.
            index += 1
            flush()
            continue
          }
          if isTermScalar(scalar) {
            isASCII = false
            token.append(contentsOf: bytes[index..<index + length])
          } else {
            flush()
          }
          index += length
        }
      }
    }
    flush()
  }

  /// The scalar UTF-8 encodes at `start` and its length in bytes, or nil when the bytes there
  /// are not UTF-8.
  private static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
    let lead = bytes[start]
    let length: Int
    var value: UInt32
    switch lead {
    case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
    case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
    case 0xF0...0xF4: (length, value) = (4, UInt32(lead & 0x07))
    default: return nil
    }
    guard start + length <= bytes.count else { return nil }
    for offset in 1..<length {
      let continuation = bytes[start + offset]
      guard continuation & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(continuation & 0x3F)
    }
    guard let scalar = Unicode.Scalar(value), String(scalar).utf8.count == length else { return nil }
    return (scalar, length)
  }

  /// The character of `\uXXXX` (after the `u`), joining a surrogate pair, and where it ends.
  private static func unicodeEscape(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
    func hex(at start: Int) -> UInt32? {
      guard start + 4 <= bytes.count else { return nil }
      var value: UInt32 = 0
      for offset in 0..<4 {
        guard let digit = Character(Unicode.Scalar(bytes[start + offset])).hexDigitValue else { return nil }
        value = value << 4 | UInt32(digit)
      }
      return value
    }
    guard let high = hex(at: start) else { return nil }
    if (0xD800..<0xDC00).contains(high) {
      guard start + 6 <= bytes.count, bytes[start + 4] == UInt8(ascii: "\\"), bytes[start + 5] == UInt8(ascii: "u"),
        let low = hex(at: start + 6), (0xDC00..<0xE000).contains(low),
        let scalar = Unicode.Scalar(0x10000 + (high - 0xD800) << 10 + (low - 0xDC00))
      else { return nil }
      return (scalar, start + 10)
    }
    guard let scalar = Unicode.Scalar(high) else { return nil }
    return (scalar, start + 4)
  }

  private static func isTermByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"),
      UInt8(ascii: "@"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"):
      true
    default: false
    }
  }

  private static func lowered(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
  }

  private static func isTermScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII { return isTermByte(UInt8(scalar.value)) }
    return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
  }

  private static func trimmedAtStart(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
  }

  private static func trimmedAtEnd(_ byte: UInt8) -> Bool {
    trimmedAtStart(byte) || byte == UInt8(ascii: "+")
  }
}
