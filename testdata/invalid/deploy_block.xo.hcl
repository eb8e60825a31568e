# A deploy block with a bot id that is not one, written twice, and with
# an attribute the block does not take.
bot "payments" {
  deploy {
    bot_id         = "6f1c2e0a-1b2c-5d3e-8f4a-0123456789ab" # ERROR: Invalid value
    import_options = ["botTask"]                            # ERROR: Incorrect attribute value type
    bot            = "st-1"                                 # ERROR: Unsupported argument
  }
  deploy { # ERROR: Duplicate deploy block
    bot_id = "st-1"
  }
}
