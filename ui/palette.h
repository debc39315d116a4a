#pragma once

#include <QLatin1String>

// The UI's colours by what they mean, so a status reads the same everywhere: #rrggbb for style sheets
// and rich text, QColor(Palette::error) where a model hands out a brush. GNOME's palette: each legible
// on light and dark window backgrounds. Header-only, so a plugin can include it without linking the UI.
namespace Tokenscope::Ui::Palette {

inline constexpr QLatin1String success {"#26a269"};
inline constexpr QLatin1String information {"#1c71d8"}; // also redirects (3xx)
inline constexpr QLatin1String warning {"#c88800"};
inline constexpr QLatin1String error {"#c01c28"};
inline constexpr QLatin1String muted {"gray"}; // "nothing here yet", in rich text

// The message banner: a light background per level under dark text, bordered in the level's colour.
inline constexpr QLatin1String informationBackground {"#dbe9fb"};
inline constexpr QLatin1String warningBackground {"#fdf0d5"};
inline constexpr QLatin1String errorBackground {"#fbdedf"};
inline constexpr QLatin1String bannerText {"#241f31"};

// A production environment's badge: white on GNOME's red, which stands out on light and dark alike.
inline constexpr QLatin1String production {"#c01c28"};
inline constexpr QLatin1String productionText {"#ffffff"};

} // namespace Tokenscope::Ui::Palette
