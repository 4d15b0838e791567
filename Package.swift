// swift-tools-version:6.0
// ProGANSR: a depthwise-separable Progressive GAN trained only to a low resolution, and an SRGAN 4x
// upsampler, chained by a pipeline. See README.md and ../shared/DESIGN.md.
import PackageDescription

// Release builds drop runtime checks in the numeric code (kernels check shapes explicitly with
// fatalError, which -Ounchecked keeps) and, on x86_64, let LLVM use AVX2 + FMA for the SIMD loops.
// PROGANSR_CHECKED=1 builds release with -O instead: the same optimised code with its preconditions,
// overflow and bounds checks kept, so the test suite can also run with checks on (.ci/run does, into
// --scratch-path .build-checked).
let checked = Context.environment["PROGANSR_CHECKED"] == "1"
#if arch(x86_64)
let cpuFlags = ["-Xcc", "-march=x86-64-v3"]
#else
let cpuFlags: [String] = []
#endif
let fast: [SwiftSetting] = [.unsafeFlags([checked ? "-O" : "-Ounchecked"] + cpuFlags, .when(configuration: .release))]
let fastC: [CSetting] = [.unsafeFlags(["-O3"] + (cpuFlags.isEmpty ? [] : ["-march=x86-64-v3"]), .when(configuration: .release))]

let package = Package(
    name: "ProGANSR",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "progan-sr", targets: ["progan-sr"]),
        .library(name: "Tensors", targets: ["Tensors"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "SRGAN", targets: ["SRGAN"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLibVips", path: "Sources/CLibVips", pkgConfig: "vips",
                       providers: [.apt(["libvips-dev"])]),
        .systemLibrary(name: "CLibPNG", path: "Sources/CLibPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        // Non-variadic C wrappers over libvips (Swift cannot call C variadic functions).
        .target(name: "CVipsShim", dependencies: ["CLibVips"], cSettings: fastC),
        // A PNG written row by row with libpng (its errors, a longjmp, turned into return values).
        .target(name: "CPNGShim", dependencies: ["CLibPNG"], cSettings: fastC),

        // The safetensors file format: strict reader (memory-mapped) and atomic writer. No dependencies.
        .target(name: "SafeTensors", swiftSettings: fast),
        // n-d float32 tensors, second-order autograd, CPU kernels.
        .target(name: "Tensors", dependencies: ["COpenBLAS"], swiftSettings: fast),
        // SWD and MS-SSIM as the official ProGAN code, PSNR/SSIM as SR papers; plain kernels, no autograd.
        .target(name: "Metrics", dependencies: ["COpenBLAS"], swiftSettings: fast),

        // Stage one: the depthwise-separable Progressive GAN, trained to a low resolution.
        .target(name: "ProGAN", dependencies: ["Tensors", "NN", "Runs", "Imaging", "Metrics", "SafeTensors"], swiftSettings: fast),

        // Images: libvips I/O, every resampling kernel by name, grids, the multi-resolution data set.
        .target(name: "Imaging", dependencies: ["CVipsShim", "CLibVips", "CPNGShim", "Tensors"], swiftSettings: fast),
        // Run folders: the run record and config, resume rules, the log, locks, checkpoint files, stop requests,
        // training time. Foundation only.
        .target(name: "Runs", swiftSettings: fast),
        // Modules with PyTorch state-dict names, layers, optimisers, EMA, checkpoints.
        .target(name: "NN", dependencies: ["Tensors", "SafeTensors"], swiftSettings: fast),
        // Stage two: SRResNet, discriminator, VGG19 features, trainer, tiled upscaler.
        .target(name: "SRGAN", dependencies: ["NN", "Runs", "Tensors", "SafeTensors", "Imaging", "Metrics"], swiftSettings: fast),
        // Inception-v3 of the FID convention (pytorch-fid's), forward only, from a user-given weights file: the
        // features of FID and KID and the logits of the Inception Score.
        .target(name: "Inception", dependencies: ["NN", "Tensors", "SafeTensors", "Metrics"], swiftSettings: fast),

        // The runner that chains stage one, bicubic resampling and stage two, and its report.
        .target(name: "Pipeline", dependencies: ["ProGAN", "SRGAN", "Inception", "Imaging", "Metrics", "NN", "Runs", "Tensors", "SafeTensors"], swiftSettings: fast),

        // Benchmarks and studies of speed: the op kernels, training steps, the upscaler, downsampling kernels. The
        // CLI's `bench` and `compare-downsampling` use it; no model library does.
        .target(name: "Bench", dependencies: ["Tensors", "NN", "Runs", "Imaging", "Metrics", "ProGAN", "SRGAN", "Inception"], swiftSettings: fast),

        // The command-line tool: thin commands over the libraries.
        .executableTarget(name: "progan-sr", dependencies: [
            "Tensors", "SafeTensors", "Metrics", "Imaging", "NN", "Runs", "ProGAN", "SRGAN", "Inception", "Pipeline", "Bench",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: fast),

        // Shared by the test targets: where the reference fixtures are, and how numbers are compared.
        .target(name: "FixtureSupport", dependencies: ["SafeTensors"], path: "Tests/FixtureSupport"),
        // Shared by the stage-two and CLI tests: photo-like images, and SRResNets whose output reaches far.
        .target(name: "SRTestSupport", dependencies: ["SRGAN", "Imaging", "NN", "Tensors"], path: "Tests/SRTestSupport", swiftSettings: fast),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "ProGAN", "SRGAN", "Inception", "InceptionTestSupport", "Imaging", "Metrics", "NN", "Runs", "Tensors"], swiftSettings: fast),
        .testTarget(name: "ProGANTests", dependencies: ["ProGAN", "Tensors", "NN", "Runs", "Imaging", "Metrics", "Bench"], swiftSettings: fast),
        .testTarget(name: "RunsTests", dependencies: ["Runs"], swiftSettings: fast),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "Imaging", "Inception", "Metrics"], swiftSettings: fast),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "SafeTensors", "FixtureSupport"], swiftSettings: fast),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "SafeTensors", "FixtureSupport"], swiftSettings: fast),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors", "FixtureSupport"], swiftSettings: fast),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "Metrics", "Tensors", "FixtureSupport"], swiftSettings: fast),
        // Shared by the Inception and CLI tests: the conformance fixture's random Inception weights, made from each key's name.
        .target(name: "InceptionTestSupport", dependencies: ["Inception", "SafeTensors", "Tensors"], path: "Tests/InceptionTestSupport", swiftSettings: fast),
        .testTarget(name: "InceptionTests", dependencies: ["Inception", "InceptionTestSupport", "Metrics", "NN", "Tensors", "SafeTensors", "FixtureSupport"], swiftSettings: fast),
        .testTarget(name: "NNTests", dependencies: ["NN", "Tensors", "SafeTensors", "FixtureSupport"], swiftSettings: fast),
        // The binary run as a user runs it: arguments, exit codes, kill -9 and resume, signals.
        .testTarget(name: "CLITests", dependencies: ["progan-sr", "SRTestSupport", "InceptionTestSupport", "Inception", "Metrics", "SRGAN", "Imaging", "NN", "Runs", "Tensors", "SafeTensors"], swiftSettings: fast),
        .testTarget(name: "SRGANTests", dependencies: ["SRGAN", "NN", "Runs", "Tensors", "SafeTensors", "Imaging", "Metrics", "FixtureSupport", "SRTestSupport"], swiftSettings: fast),
    ],
    swiftLanguageModes: [.v5]
)
