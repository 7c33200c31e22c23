import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What serve asks of glibc's allocator, looked up at run time (Swift's Glibc module leaves out
/// `malloc.h`); nothing on another C library.
///
/// - ``limitArenas(to:)``: glibc gives each thread that meets a locked arena a new one, up to
///   eight per core, and memory a burst freed stays spread over them. Two arenas keep what stays
///   after a burst within serve's goal at no cost to intake (docs/benchmarks.md, "Serve memory").
/// - ``trim()``: returns the free pages of every arena to the system (``MemoryTrim``).
package enum GlibcAllocator {
  /// glibc's `M_ARENA_MAX` option of `mallopt`.
  private static let arenaMaxOption: Int32 = -8

  /// The arenas serve runs with, unless `MALLOC_ARENA_MAX` in the environment says otherwise.
  package static let serveArenas: Int32 = 2

  /// Limits the allocator to `arenas` arenas, unless the environment sets `MALLOC_ARENA_MAX`
  /// (which glibc has read already, and which wins). Call it first thing, before threads start
  /// allocating. Returns the limit set, or nil when none was.
  @discardableResult
  package static func limitArenas(to arenas: Int32) -> Int32? {
    guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil, let mallopt else { return nil }
    return mallopt(arenaMaxOption, arenas) == 1 ? arenas : nil
  }

  /// `malloc_trim(0)`: hands the free pages of every arena back to the system.
  static func trim() {
    _ = mallocTrim?(0)
  }

  private static let mallopt: (@convention(c) (Int32, Int32) -> Int32)? = symbol("mallopt")
  private static let mallocTrim: (@convention(c) (Int) -> Int32)? = symbol("malloc_trim")

  private static func symbol<Function>(_ name: String) -> Function? {
    #if canImport(Glibc)
      guard let address = dlsym(nil, name) else { return nil }
      return unsafeBitCast(address, to: Function.self)
    #else
      return nil
    #endif
  }
}
