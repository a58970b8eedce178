// Classifies a frame as the user's code, a library, or the standard library,
// from its path (and, for Rust frames without a path, its symbol).
#pragma once

#include <string_view>

#include "parse/event.h"

namespace tbx {

/// site-packages, dist-packages and eggs are libraries; lib/pythonX.Y,
/// Windows' Lib\ and <frozen ...> are the standard library; <stdin>,
/// <python-input-N> and <ipython-input-...> are the user's; other <...> names
/// are unknown; any other path is the user's.
Origin ClassifyPythonFile(std::string_view file);

/// ~/.cargo/registry, ~/.cargo/git and /usr/share/cargo/registry are
/// libraries; /rustc/<hash>/ and core/alloc/std symbols are the standard
/// library; relative and other .rs paths are the user's; frames with neither
/// path nor Rust symbol (C frames, <unknown>) are unknown.
Origin ClassifyRustFrame(std::string_view file, std::string_view function);

}  // namespace tbx
