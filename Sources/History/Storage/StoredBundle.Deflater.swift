import CZlib
package import Foundation

extension StoredBundle {
  /// Deflates the values of one record into their stored form (``StoredBundle``).
  ///
  /// Each stream's window and hash table are sized to the value: a window just large enough to
  /// reach from the value's last byte back to the first byte of the preset dictionary, and a hash
  /// table as long as the window. zlib's defaults (a 32 KB window, a 64 KB hash table) suit long
  /// inputs; for the kilobyte bundles history stores, setting them up and clearing the hash table
  /// before each value cost more than compressing (docs/benchmarks.md, "Deflate sized to the
  /// value"). No match could reach further back than the value and the dictionary anyway; only the
  /// shorter hash chains can pick other matches, and the bytes stored measured no larger. Readers
  /// are unchanged: raw inflate with the largest window reads a stream made with any smaller one.
  ///
  /// One stream per window size, set up at its first value and reset for the next ones.
  package final class Deflater {
    /// The streams by window bits (9 to 15), made when first needed.
    private var streams: [Int32: UnsafeMutablePointer<z_stream>] = [:]

    package init() {}

    deinit {
      for stream in streams.values {
        deflateEnd(stream)
        stream.deallocate()
      }
    }

    /// zlib's smallest and largest window for raw deflate, as powers of two.
    static let windowBitsRange: ClosedRange<Int32> = 9...15

    /// The window, as a power of two, that lets every byte of a value of `count` bytes refer back
    /// to the first byte of the dictionary. deflate keeps the last 262 bytes of its window
    /// (`MIN_LOOKAHEAD`) for the look-ahead, so a match reaches at most the window less that.
    static func windowBits(forCount count: Int) -> Int32 {
      let reach = count + Dictionary.version1.count + 262
      var bits = windowBitsRange.lowerBound
      while bits < windowBitsRange.upperBound && 1 << bits < reach { bits += 1 }
      return bits
    }

    /// The stored form of `value`: deflated, or as it is when deflating would not make it smaller.
    package func encode(_ value: Data) -> Data {
      guard value.count >= StoredBundle.smallestDeflated, let stream = stream(forCount: value.count) else {
        return plainForm(value)
      }
      let bound = Int(deflateBound(stream, uLong(value.count)))
      var output = Data(count: 1 + 10 + bound)
      output[0] = StoredBundle.deflatedV1
      var header = 1
      var length = value.count
      repeat {
        output[header] = UInt8(length & 0x7F) | (length > 0x7F ? 0x80 : 0)
        header += 1
        length >>= 7
      } while length > 0
      let headerLength = header
      let result = value.withUnsafeBytes { input in
        output.withUnsafeMutableBytes { output in
          stream.pointee.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
          stream.pointee.avail_in = uInt(input.count)
          stream.pointee.next_out = output.bindMemory(to: Bytef.self).baseAddress.map { $0 + headerLength }
          stream.pointee.avail_out = uInt(output.count - headerLength)
          return deflate(stream, Z_FINISH)
        }
      }
      let written = headerLength + Int(stream.pointee.total_out)
      guard result == Z_STREAM_END, written < value.count + 1 else { return plainForm(value) }
      output.count = written
      return output
    }

    private func plainForm(_ value: Data) -> Data {
      var output = Data(capacity: value.count + 1)
      output.append(StoredBundle.plain)
      output.append(value)
      return output
    }

    /// The stream for a value of `count` bytes, reset and primed with the dictionary; nil when zlib
    /// refuses (the value is then kept as it is).
    private func stream(forCount count: Int) -> UnsafeMutablePointer<z_stream>? {
      let bits = Self.windowBits(forCount: count)
      let stream: UnsafeMutablePointer<z_stream>
      if let made = streams[bits] {
        guard deflateReset(made) == Z_OK else { return nil }
        stream = made
      } else {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // The hash table as long as the window (zlib's default pairing: 15 bits and level 8).
        let memoryLevel = bits - 7
        guard
          deflateInit2_(
            stream, StoredBundle.level, Z_DEFLATED, -bits, memoryLevel, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else {
          stream.deallocate()
          return nil
        }
        streams[bits] = stream
      }
      let primed = Dictionary.version1.withUnsafeBytes { dictionary in
        deflateSetDictionary(stream, dictionary.bindMemory(to: Bytef.self).baseAddress, uInt(dictionary.count))
      }
      return primed == Z_OK ? stream : nil
    }
  }
}
