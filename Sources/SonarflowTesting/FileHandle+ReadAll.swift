public import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension FileHandle {
  /// Everything until the end of the file, retrying a read a signal interrupted (`EINTR`):
  /// Foundation's `readDataToEndOfFile()` stops the whole test process on one, and the children
  /// the tests start and end send signals all the time.
  public func readAll() -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
      if count > 0 {
        data.append(contentsOf: buffer[0..<count])
      } else if count < 0 && errno == EINTR {
        continue
      } else {
        return data
      }
    }
  }
}
