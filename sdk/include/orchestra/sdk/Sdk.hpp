// The Orchestra plugin SDK in one include: JSON, errors, the host facade, the four extension
// base classes and the ORCHESTRA_PLUGIN registration macro.
#pragma once

#include "orchestra/abi.h"
#include "orchestra/sdk/AiProvider.hpp"
#include "orchestra/sdk/Error.hpp"
#include "orchestra/sdk/Extension.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/Json.hpp"
#include "orchestra/sdk/McpTransport.hpp"
#include "orchestra/sdk/NodeType.hpp"
#include "orchestra/sdk/Plugin.hpp"
#include "orchestra/sdk/StorageBackend.hpp"
