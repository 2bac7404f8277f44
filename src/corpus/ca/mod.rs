//! CA configurations: cpslint's CA manifest and the configuration files of
//! real CA software, read into one model.

pub mod openssl;
