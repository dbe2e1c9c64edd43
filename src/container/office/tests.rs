//! Office documents built by hand, byte by byte.
