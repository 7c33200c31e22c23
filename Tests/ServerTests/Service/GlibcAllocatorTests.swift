import Foundation
import Server
import Testing

/// serve's allocator settings reach glibc (docs/serve.md, "Memory").
struct GlibcAllocatorTests {
  @Test func serveHoldsGlibcToTwoArenas() throws {
    #if canImport(Glibc)
      // The test runner's environment does not set MALLOC_ARENA_MAX; were it set, it would win.
      try #require(ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil)
      #expect(GlibcAllocator.serveArenas == 2)
      #expect(GlibcAllocator.limitArenas(to: GlibcAllocator.serveArenas) == 2)
    #endif
  }
}
