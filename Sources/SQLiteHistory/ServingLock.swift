import Foundation

/// The one `sonarflow serve` of a SQLite history file. Its workers take every pending delivery of
/// the file's queue as their own, so a second server on the same file would run each delivery
/// twice; the first server holds an exclusive `flock` on `<file>.serve.lock` (with its process id
/// written inside, for the second one's message) for as long as it runs.
final class ServingLock: Sendable {
  private let descriptor: Int32

  /// Why the lock could not be taken.
  enum Refusal: Error {
    /// Another process holds it; its id when the file says.
    case held(byProcess: Int32?)
    /// The lock file cannot be created (`errno`'s text).
    case unavailable(String)
  }

  init(databasePath: String) throws(Refusal) {
    let descriptor = open(databasePath + ".serve.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw .unavailable(String(cString: strerror(errno))) }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      var bytes = [UInt8](repeating: 0, count: 32)
      let count = read(descriptor, &bytes, bytes.count)
      close(descriptor)
      let text = String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self)
      throw .held(byProcess: Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
    let pid = Array("\(getpid())\n".utf8)
    _ = ftruncate(descriptor, 0)
    _ = pwrite(descriptor, pid, pid.count, 0)
    self.descriptor = descriptor
  }

  deinit {
    close(descriptor)
  }
}
