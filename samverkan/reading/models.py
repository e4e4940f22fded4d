"""The members' reading view: notes on documents and watch words."""
