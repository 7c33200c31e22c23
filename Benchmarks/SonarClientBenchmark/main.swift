import AsyncHTTPClient
import Foundation
import Logging
import SonarAPI
import Synchronization

/// Sends N messages through ``SonarClient`` to a running emulator with a fixed number in flight and
/// prints the rate. Used by `Benchmarks/sonar/run.sh`, which runs wrk against the same endpoint.
///
///     SonarClientBenchmark --url http://127.0.0.1:8080/api/v1 [--token test-token] [--count 20000] [--concurrency 32]
struct Options {
  var url = "http://127.0.0.1:8080/api/v1"
  var token = "test-token"
  var count = 20_000
  var concurrency = 32

  init(arguments: [String]) throws {
    var iterator = arguments.dropFirst().makeIterator()
    while let argument = iterator.next() {
      guard let value = iterator.next() else {
        throw BenchmarkError("missing value for \(argument)")
      }
      switch argument {
      case "--url": url = value
      case "--token": token = value
      case "--count": count = try Self.positive(value, argument)
      case "--concurrency": concurrency = try Self.positive(value, argument)
      default: throw BenchmarkError("unknown option \(argument)")
      }
    }
  }

  static func positive(_ text: String, _ name: String) throws -> Int {
    guard let number = Int(text), number > 0 else {
      throw BenchmarkError("\(name) needs a positive integer")
    }
    return number
  }
}

struct BenchmarkError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

@main
enum SonarClientBenchmark {
  static func main() async throws {
    let options = try Options(arguments: CommandLine.arguments)
    let httpClient = SonarClient.makeHTTPClient(maxConnectionsPerHost: options.concurrency)
    var logger = Logger(label: "benchmark")
    logger.logLevel = .error
    let client = SonarClient(
      token: options.token,
      configuration: .init(
        environment: try SonarEnvironment(baseURL: options.url), maxInFlight: options.concurrency),
      transport: httpClient, logger: logger)
    let clock = ContinuousClock()
    let start = clock.now
    let failures = try await withThrowingTaskGroup(of: Int.self) { group in
      // One worker per slot; each takes the next index until all are sent.
      let counter = Counter()
      for _ in 0..<options.concurrency {
        group.addTask {
          var failed = 0
          while let index = counter.next(limit: options.count) {
            let phone = "+1" + String(3_000_000_000 + index)
            do {
              let receipt = try await client.sendMessage(
                OutgoingMessage(to: phone, text: "benchmark message \(index)"))
              if receipt.status != .queued { failed += 1 }
            } catch {
              failed += 1
              if failed == 1 {
                FileHandle.standardError.write(Data("first failure: \(error)\n".utf8))
              }
            }
          }
          return failed
        }
      }
      var total = 0
      for try await failed in group { total += failed }
      return total
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    try await httpClient.shutdown()
    let rate = Double(options.count) / seconds
    print(
      String(
        format: "client: %d messages in %.2f s, %.0f msgs/s, %d failed", options.count, seconds,
        rate, failures))
    print(String(format: "CLIENT_RATE=%.0f", rate))
    if failures > 0 { throw BenchmarkError("\(failures) sends failed") }
  }
}

/// Hands out message indices to the workers.
final class Counter: Sendable {
  private let value = Atomic<Int>(0)
  func next(limit: Int) -> Int? {
    let index = value.add(1, ordering: .relaxed).oldValue
    return index < limit ? index : nil
  }
}
