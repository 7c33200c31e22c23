import CZlib
package import Foundation

/// How history keeps a bundle (trigger bundle, an operation's input, output and exchanges, the
/// resume state) on disk: deflated with the system zlib against a preset dictionary of the JSON
/// sonarflow records, or as it is when deflating would not make it smaller.
///
/// Only the stores see this form: they encode a record as they write it
/// (``ExecutionRecord/stored()``) and decode every value as they read it, so the engine, the
/// redactor, `history show`, `diff` and `replay` always see the JSON the engine wrote.
///
/// Format (one value):
/// - `0x00` then the bytes as they are;
/// - `0x01`, the bytes' length as an unsigned LEB128, then raw deflate (RFC 1951, no zlib header:
///   the length and the JSON's own structure stand in for its checksum) primed with
///   ``Dictionary/version1``.
///
/// The format is frozen: a new dictionary or codec takes a new first byte, and readers keep
/// every one they ever wrote.
package enum StoredBundle {
  package struct DecodingError: Error, CustomStringConvertible, Sendable {
    package var reason: String
    package var description: String { "cannot read a stored bundle: \(reason)" }
  }

  /// The marker of bytes kept as they are.
  static let plain: UInt8 = 0x00
  /// The marker of raw deflate primed with ``Dictionary/version1``.
  static let deflatedV1: UInt8 = 0x01

  /// Values shorter than this are kept as they are: deflate cannot win on them.
  static let smallestDeflated = 24

  /// zlib's level: 6, its default.
  static let level: Int32 = 6

  /// The stored form of every value of `values`, deflated by one ``Deflater`` (its streams set up
  /// once for all of them).
  package static func encode(_ values: [Data?]) -> [Data?] {
    let deflater = Deflater()
    return values.map { $0.map { deflater.encode($0) } }
  }

  /// The stored form of `value`.
  package static func encode(_ value: Data) -> Data {
    encode([value])[0] ?? Data([plain])
  }

  /// The bytes a stored value holds.
  ///
  /// - Throws: ``DecodingError`` for an unknown marker or a damaged stream.
  package static func decode(_ stored: Data) throws(DecodingError) -> Data {
    guard let marker = stored.first else { throw DecodingError(reason: "no marker byte") }
    switch marker {
    case plain:
      return stored.dropFirst()
    case deflatedV1:
      var index = stored.startIndex + 1
      var length = 0
      var shift = 0
      while true {
        guard index < stored.endIndex, shift < 63 else { throw DecodingError(reason: "damaged length") }
        let byte = stored[index]
        index += 1
        length |= Int(byte & 0x7F) << shift
        shift += 7
        if byte < 0x80 { break }
      }
      return try inflate(stored[index...], length: length)
    default:
      throw DecodingError(reason: "unknown marker \(marker)")
    }
  }

  private static func inflate(_ deflated: Data, length: Int) throws(DecodingError) -> Data {
    var stream = z_stream()
    guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw DecodingError(reason: "zlib cannot start")
    }
    defer { inflateEnd(&stream) }
    let primed = Dictionary.version1.withUnsafeBytes { dictionary in
      inflateSetDictionary(
        &stream, dictionary.bindMemory(to: Bytef.self).baseAddress, uInt(dictionary.count))
    }
    guard primed == Z_OK else { throw DecodingError(reason: "zlib refused the dictionary") }
    var output = Data(count: length)
    let result = deflated.withUnsafeBytes { input in
      output.withUnsafeMutableBytes { output in
        stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(input.count)
        stream.next_out = output.bindMemory(to: Bytef.self).baseAddress
        stream.avail_out = uInt(output.count)
        return CZlib.inflate(&stream, Z_FINISH)
      }
    }
    guard result == Z_STREAM_END, Int(stream.total_out) == length else {
      throw DecodingError(reason: "damaged deflate stream")
    }
    return output
  }
}
