// valid_idna sliced `xn-é` at byte 4, inside the `é`, and panicked.
policy "IDNA" {
  section 7.1.2 {
    requirement IDNA-1 "A-labels" {
      severity error
      require valid_idna("xn-é.example") and valid_idna("café.example")
    }
  }
}
