import Foundation

/// Which processes have a history file open, told by `flock` on a lock file next to it
/// (`<file>.lock`; a second descriptor on the database itself would break SQLite's own POSIX
/// locks when closed). Every open store holds a shared lock for its lifetime. A store that can
/// take the lock exclusively while it opens is the only process using the file, so any execution
/// still `running` in it was left by a process that died.
final class ProcessPresence: Sendable {
  private let descriptor: Int32
  /// No other process had the file open when this one opened it; the lock stays exclusive until
  /// ``share()``.
  let isAlone: Bool

  init(databasePath: String) {
    descriptor = open(databasePath + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      // No lock file (a read-only folder): behave as if others might be there.
      isAlone = false
      return
    }
    if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
      isAlone = true
    } else {
      isAlone = false
      // Waits only while another process opening alone finishes its start-up writes.
      _ = flock(descriptor, LOCK_SH)
    }
  }

  /// Lets other processes open the file: exclusive becomes shared.
  func share() {
    if isAlone { _ = flock(descriptor, LOCK_SH) }
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }
}
