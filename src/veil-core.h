/* veil-core.h: the engine's public API in one include.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "veil-types.h"
#include "veil-error.h"
#include "veil-report.h"
#include "veil-format.h"
#include "veil-inspect.h"
#include "veil-clean.h"
#include "veil-destination.h"
#include "veil-walk.h"
