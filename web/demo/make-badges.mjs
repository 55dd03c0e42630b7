export const makeDemoBadges = async () => { throw new Error("not yet"); };
