import Foundation
import ScenarioModel

/// Finds scenario files (`*.yaml`, `*.yml`) and scenario test files (`*.test.yaml`, `*.test.yml`)
/// under the paths a user names.
package enum ScenarioFiles {
  package struct MissingPath: Error {
    package var path: String
  }

  /// Scenario files: files are taken as given; folders are searched recursively, in sorted order,
  /// skipping hidden folders, test files (`sonarflow test` reads those) and data structures
  /// (`*.datastore.yaml`, read beside the scenarios that use them).
  package static func collect(_ paths: [String]) throws(MissingPath) -> [String] {
    try walk(paths) { name in
      (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !isTestFile(name)
        && !name.hasSuffix(DataStructure.fileSuffix)
    }
  }

  /// Test files: files are taken as given; folders are searched as for scenarios.
  package static func collectTests(_ paths: [String]) throws(MissingPath) -> [String] {
    try walk(paths, where: isTestFile)
  }

  /// `welcome.test.yaml`: the tests of `welcome.yaml`.
  package static func isTestFile(_ name: String) -> Bool {
    name.hasSuffix(".test.yaml") || name.hasSuffix(".test.yml")
  }

  private static func walk(_ paths: [String], where wanted: (String) -> Bool) throws(MissingPath) -> [String] {
    var files: [String] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw MissingPath(path: path) }
      if !isDirectory.boolValue {
        files.append(path)
        continue
      }
      guard let enumerator = manager.enumerator(atPath: path) else { continue }
      var found: [String] = []
      while let relative = enumerator.nextObject() as? String {
        let name = (relative as NSString).lastPathComponent
        if name.hasPrefix(".") {
          enumerator.skipDescendants()
          continue
        }
        if wanted(name) {
          found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
        }
      }
      files += found.sorted()
    }
    return files
  }
}
