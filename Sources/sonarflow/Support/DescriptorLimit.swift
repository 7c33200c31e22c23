#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// serve's open-file limit: raised to the hard limit at start (the soft limit is often 1,024, below
/// what `--max-connections` and the database need), as Go's runtime does for every program.
enum DescriptorLimit {
  /// Descriptors serve needs besides its connections: the database, its WAL and lock files, the
  /// listening socket, Sonar connections, standard streams.
  static let reserve = 64

  /// Raises the soft limit to the hard one; returns the soft limit in force afterwards (nil when it
  /// cannot be read).
  static func raise() -> Int? {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
    if limit.rlim_cur < limit.rlim_max {
      var raised = limit
      raised.rlim_cur = limit.rlim_max
      if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
    }
    return limit.rlim_cur > rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
  }
}
